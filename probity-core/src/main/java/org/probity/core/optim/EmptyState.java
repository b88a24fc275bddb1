package org.probity.core.optim;

/** The state of a stateless link (scale, clip, weight decay): one shared value, like Optax's EmptyState. */
public enum EmptyState {
  INSTANCE
}
