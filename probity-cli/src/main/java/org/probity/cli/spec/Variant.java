package org.probity.cli.spec;

import org.probity.core.model.ModelSpec;

/**
 * One arm of an experiment: a name (also its checkpoint's file name) and its fully resolved
 * model, objective, optimiser and training settings, and its privacy settings when it trains with
 * DP-SGD (null otherwise). All variants of a spec share the data, the split and the seeds, so
 * their differences come from these settings alone.
 */
public record Variant(String name, ModelSpec model, ObjectiveSection objective, OptimizerSection optimizer,
    TrainSection train, PrivacySection privacy) {
  /** A non-private variant. */
  public Variant(String name, ModelSpec model, ObjectiveSection objective, OptimizerSection optimizer,
      TrainSection train) {
    this(name, model, objective, optimizer, train, null);
  }

  /** Whether this variant trains with DP-SGD. */
  public boolean isPrivate() {
    return privacy != null;
  }
}
