package org.probity.core.objective;

import org.probity.core.data.Batch;
import org.probity.tensor.Tensor;

/**
 * Turns a vector of per-example losses into the scalar that training differentiates: the mean
 * (empirical risk minimisation), a tilted log-sum-exp (TERM), a group-level tilt, and so on.
 * Because the reduction is recorded on the tape like any op, gradients reach each example with
 * the weight the objective gives it.
 */
public interface Objective {
  Tensor reduce(Tensor perExampleLoss, Batch batch);

  /** A short name for reports ("erm", "tilted(t=-2)"). */
  String name();
}
