package org.probity.privacy.audit;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.tensor.Tensor;

/**
 * The pinball (quantile) loss of Koenker and Bassett (1978): ρ_τ(u) = τ·u for u ≥ 0 and
 * (τ − 1)·u for u &lt; 0, with u = target − prediction. Its minimiser over a constant is the
 * τ-quantile of the targets, so a regression model trained with it predicts a conditional
 * quantile, which is what the quantile-regression membership attack (Bertran et al., NeurIPS
 * 2023) needs. Built from relu so the tape differentiates it: τ·relu(u) + (1 − τ)·relu(−u).
 */
public final class PinballLoss implements LossFunction {
  private final double tau;

  public PinballLoss(double tau) {
    if (!(tau > 0 && tau < 1)) {
      throw new IllegalArgumentException("pinball loss: quantile level must be in (0, 1), got " + tau);
    }
    this.tau = tau;
  }

  public double tau() {
    return tau;
  }

  @Override
  public Tensor perExample(Tensor outputs, Batch batch) {
    Tensor targets = batch.targets();
    if (targets == null) {
      throw new IllegalArgumentException("pinball loss: the batch has no regression targets");
    }
    int b = targets.size();
    if (outputs.size() != b) {
      throw new IllegalArgumentException("pinball loss: expected one prediction per example ([" + b + "] or [" + b
          + ", 1]), got outputs of shape " + outputs.shape());
    }
    Tensor u = targets.reshape(b).sub(outputs.reshape(b));
    return u.relu().mul((float) tau).add(u.neg().relu().mul((float) (1 - tau)));
  }

  /** ρ_τ(target − prediction) in double precision, for checks and reports. */
  public double value(double target, double prediction) {
    double u = target - prediction;
    return u >= 0 ? tau * u : (tau - 1) * u;
  }

  @Override
  public String name() {
    return "pinball(" + tau + ")";
  }
}
