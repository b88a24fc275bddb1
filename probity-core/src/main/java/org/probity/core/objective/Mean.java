package org.probity.core.objective;

import org.probity.core.data.Batch;
import org.probity.tensor.Tensor;

/**
 * Empirical risk minimisation (Vapnik 1992): the plain mean of the per-example losses, the
 * baseline that every other objective is compared against and the t → 0 limit of {@link Tilted}.
 */
public final class Mean implements Objective {
  /** The one instance needed; the class has no state. */
  public static final Mean INSTANCE = new Mean();

  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    TiltMath.checkVector("erm", perExampleLoss);
    return perExampleLoss.mean();
  }

  @Override
  public String name() {
    return "erm";
  }

  @Override
  public String toString() {
    return name();
  }
}
