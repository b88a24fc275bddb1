package org.probity.privacy.audit;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.tensor.Tensor;

/**
 * The Gaussian negative log-likelihood of a regression target under a predicted mean and log
 * standard deviation, up to the constant ½·log 2π: ℓ = log σ + ½·exp(−2·log σ)·(t − μ)², with the
 * model's output row read as (μ, log σ). Minimising it over a model fits the conditional
 * distribution of the target as a Gaussian N(μ(x), σ(x)²), so any quantile follows as
 * μ(x) + σ(x)·Φ⁻¹(τ) without retraining; this is the loss of the quantile-regression membership
 * attack's official code (Bertran et al., NeurIPS 2023, amazon-science/quantile-mia; Thaker, Kale,
 * Wu, Smith 2025, "Membership Inference Attacks for Unseen Classes"). Predicting log σ keeps σ
 * positive without a constraint. Targets may be [B] or [B, 2] with the second column ignored: the
 * training engine's end-of-run evaluation wants one target value per model output. Built from slice, exp and square so the tape differentiates it.
 */
public final class GaussianNllLoss implements LossFunction {
  /** The one instance: the loss has no parameters. */
  public static final GaussianNllLoss INSTANCE = new GaussianNllLoss();

  private GaussianNllLoss() {}

  @Override
  public Tensor perExample(Tensor outputs, Batch batch) {
    Tensor targets = batch.targets();
    if (targets == null) {
      throw new IllegalArgumentException("gaussian nll: the batch has no regression targets");
    }
    int b = targets.dim(0);
    boolean padded = targets.rank() == 2 && targets.dim(1) == 2;
    if (!(targets.rank() == 1 || padded)) {
      throw new IllegalArgumentException("gaussian nll: expected targets [B] or [B, 2] (target, ignored), got "
          + targets.shape());
    }
    if (outputs.rank() != 2 || outputs.shape().dim(0) != b || outputs.shape().dim(1) != 2) {
      throw new IllegalArgumentException("gaussian nll: expected outputs [" + b + ", 2] (mean, log std) for " + b
          + " targets, got outputs of shape " + outputs.shape());
    }
    Tensor mu = outputs.slice(1, 0, 1).reshape(b);
    Tensor logStd = outputs.slice(1, 1, 2).reshape(b);
    Tensor t = padded ? targets.slice(1, 0, 1).reshape(b) : targets.reshape(b);
    Tensor u = t.sub(mu);
    return logStd.add(logStd.mul(-2f).exp().mul(u.square()).mul(0.5f));
  }

  /** ℓ(t; μ, log σ) in double precision, for checks and reports. */
  public static double value(double target, double mean, double logStd) {
    double u = target - mean;
    return logStd + 0.5 * Math.exp(-2 * logStd) * u * u;
  }

  @Override
  public String name() {
    return "gaussian_nll";
  }
}
