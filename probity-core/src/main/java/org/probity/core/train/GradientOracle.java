package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Objective;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * How the {@link Trainer} turns one batch into the gradient it hands to the optimiser. The default,
 * {@link #backprop()}, back-propagates the objective's scalar (what the trainer always did);
 * DP-SGD (Abadi et al. 2016) replaces it with the sum of per-example gradients each clipped to a
 * norm bound (probity-privacy's {@code ClippedGradient}), so that the optimiser chain can add
 * calibrated noise. Keeping this a separate seam lets private training reuse the trainer's batching,
 * evaluation, checkpoints and listeners unchanged.
 */
@FunctionalInterface
public interface GradientOracle {
  /**
   * Computes the gradient for {@code batch} into the gradients ({@link Tensor#grad()}) of the
   * parameters of {@code model}, which hold none on entry, and returns the losses the trainer logs.
   * The model is already in training mode. An empty batch (Poisson sampling can draw one) is a
   * valid step: leave the gradients empty and return {@link StepLoss#EMPTY}.
   */
  StepLoss compute(Module model, LossFunction loss, Objective objective, Batch batch);

  /** Back-propagation of {@code objective.reduce(loss.perExample(model(x)))}: the trainer's default. */
  static GradientOracle backprop() {
    return Backprop.INSTANCE;
  }

  /**
   * What a step measured before the parameters change.
   *
   * @param objective the objective's value on the batch (NaN for an empty batch)
   * @param meanLoss the mean per-example loss (NaN for an empty batch)
   * @param perExampleLoss the per-example losses, detached, shape [B] (for {@link BatchSource#observe})
   */
  record StepLoss(double objective, double meanLoss, Tensor perExampleLoss) {
    /** The step of an empty batch: nothing was measured. */
    public static final StepLoss EMPTY = new StepLoss(Double.NaN, Double.NaN, Tensor.zeros(0));

    /** The objective's value with the mean of {@code perExampleLoss} (summed in double). */
    public static StepLoss of(double objective, Tensor perExampleLoss) {
      float[] v = perExampleLoss.data();
      double s = 0;
      for (float x : v) {
        s += x;
      }
      return new StepLoss(objective, s / v.length, perExampleLoss);
    }

    /** Whether both logged values are finite numbers (the trainer stops otherwise). */
    public boolean finite() {
      return Double.isFinite(objective) && Double.isFinite(meanLoss);
    }
  }
}
