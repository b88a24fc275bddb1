package org.probity.privacy.optim;

import java.util.Map;
import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Objective;
import org.probity.core.train.GradientOracle;
import org.probity.tensor.PerExample;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * DP-SGD's gradient (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016): the SUM
 * over the batch of each example's gradient clipped to L2 norm C over the whole model,
 * Σ_i g_i·min(1, C/‖g_i‖), so that adding or removing one example moves it by at most C. A
 * {@link GradientOracle}: set it on the trainer and put {@link DpTransforms#gaussianNoise} first
 * in the optimiser chain.
 *
 * <p>Cost. Per-example gradients come from the tensor engine's grad samplers (the Opacus approach,
 * Yousefpour et al. 2021), but not materialised: one forward and one backward pass collect each
 * example's squared norm (for a dense layer ‖a_i‖²·‖g_i‖², Goodfellow 2015) while the layers keep
 * their activations and backprops and skip their own weight gradient; the clipped sum is then the
 * gradient of Σ_i w_i·ℓ_i, w_i = min(1, C/‖g_i‖), formed by one GEMM per layer on backprops
 * reweighted by w_i (the "book-keeping" trick, Bu et al. 2023, which saves ghost clipping's second
 * backward pass, Li et al. 2022). The step therefore costs about what a non-private step costs.
 * When a parameter is used twice in one forward pass (weight sharing) per-example norms are not
 * sums over uses, so it falls back, for this and every later batch, to materialised per-example
 * gradients ({@link PerExample#forGradients()}), which are exact in that case too.
 *
 * <p>The objective must be the plain mean ({@link Mean}): clipping is defined on per-example loss
 * gradients, and a tilted or grouped objective would weight examples by the batch, which the
 * privacy analysis does not cover. Every parameter that receives a gradient must reach it through a
 * layer with a grad sampler; one that does not would escape clipping, so it is an error.
 */
public final class ClippedGradient implements GradientOracle {
  private final double clipNorm;
  private volatile boolean materialise;

  /**
   * @param clipNorm C > 0; {@code Double.POSITIVE_INFINITY} clips nothing (the non-private limit)
   */
  public ClippedGradient(double clipNorm) {
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException("clipped gradient: clip norm C must be > 0, got " + clipNorm);
    }
    this.clipNorm = clipNorm;
  }

  public double clipNorm() {
    return clipNorm;
  }

  /** Whether weight sharing was met and per-example gradients are now materialised. */
  public boolean materialising() {
    return materialise;
  }

  @Override
  public StepLoss compute(Module model, LossFunction loss, Objective objective, Batch batch) {
    if (!(objective instanceof Mean)) {
      throw new IllegalArgumentException("clipped gradient: DP-SGD clips per-example loss gradients and needs the"
          + " mean objective (erm), got " + objective.name());
    }
    if (batch.size() == 0) {
      return StepLoss.EMPTY;
    }
    if (!materialise) {
      try {
        return pass(model, loss, objective, batch, PerExample.forWeightedSum());
      } catch (IllegalStateException e) {
        if (e.getMessage() == null || !e.getMessage().contains("weight sharing")) {
          throw e;
        }
        model.params().zeroGrad();
        materialise = true;
      }
    }
    return pass(model, loss, objective, batch, PerExample.forGradients());
  }

  private StepLoss pass(Module model, LossFunction loss, Objective objective, Batch batch, PerExample collector) {
    StepLoss measured;
    try (Tape tape = Tape.start(collector)) {
      Tensor perExample = loss.perExample(model.forward(batch.x()), batch);
      if (perExample.rank() != 1 || perExample.dim(0) != batch.size()) {
        throw new IllegalArgumentException("clipped gradient: loss " + loss.name() + " gave shape "
            + perExample.shape() + " for a batch of " + batch.size() + "; expected one loss per example");
      }
      Tensor detached = perExample.detach();
      measured = StepLoss.of(objective.reduce(detached, batch).item(), detached);
      if (!measured.finite()) {
        return measured; // the trainer stops here; no gradient is needed
      }
      tape.backward(perExample.sum());
    }
    collector.assignWeightedGradients(clipWeights(collector.squaredNorms().data(), clipNorm));
    checkCovered(model.params(), collector);
    return measured;
  }

  /**
   * min(1, C/‖g_i‖) from squared norms; a zero gradient keeps weight 1. A weight is rounded down
   * where rounding to float would have put w_i·‖g_i‖ above C, so clipping never overshoots the
   * bound by rounding of its own (the norms themselves carry float error of about 1e-7).
   */
  static float[] clipWeights(float[] squaredNorms, double clipNorm) {
    float[] w = new float[squaredNorms.length];
    for (int i = 0; i < w.length; i++) {
      double norm = Math.sqrt(squaredNorms[i]);
      if (norm > clipNorm) {
        float wi = (float) (clipNorm / norm);
        w[i] = wi * norm > clipNorm ? Math.nextDown(wi) : wi;
      } else {
        w[i] = 1f;
      }
    }
    return w;
  }

  private static void checkCovered(Params params, PerExample collector) {
    for (Map.Entry<String, Tensor> e : params.byName().entrySet()) {
      Tensor p = e.getValue();
      if (p.grad() != null && !collector.covers(p)) {
        params.zeroGrad();
        throw new IllegalStateException("clipped gradient: parameter '" + e.getKey() + "' of shape " + p.shape()
            + " received a gradient but no per-example gradient (is it used outside a layer with a grad"
            + " sampler?); its contribution could not be clipped");
      }
    }
  }

  @Override
  public String toString() {
    return "clippedGradient(C=" + clipNorm + ")";
  }
}
