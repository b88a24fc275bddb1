package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/** The link that passes updates through unchanged (Optax's {@code identity}); a neutral chain element. */
final class Identity implements GradientTransform<EmptyState> {
  @Override
  public EmptyState init(Params params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, Params params) {
    Checks.notNull("identity", "updates", updates);
    return new Update<>(updates, EmptyState.INSTANCE);
  }
}
