package org.probity.privacy.optim;

import java.util.List;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Transforms;
import org.probity.tensor.Rng;

/**
 * The private links and optimisers as gradient-transform chains, after Optax's
 * {@code optax.contrib.dpsgd} and DESIGN's "DP is one more link": the trainer's gradient is the
 * clipped sum ({@link ClippedGradient}), {@link #gaussianNoise} turns it into a noisy mean, and any
 * optimiser follows. DP-SGD (Abadi et al. 2016), DP-Adam and DP-RMSProp are that chain with SGD,
 * Adam or RMSProp: the adaptive rescaling sees only noisy gradients, which is post-processing and
 * costs no privacy (and is why DP² and AdaDPS exist: the noise swamps the second moment).
 */
public final class DpTransforms {
  private DpTransforms() {}

  /**
   * Adds N(0, σ²C²) to each coordinate of the clipped sum and divides by {@code expectedBatchSize}
   * (q·n under Poisson sampling, B for fixed batches); step t's noise comes from
   * {@code rng.derive(t)}. σ = 0 adds no noise (and then C may be infinite).
   */
  public static GradientTransform<GaussianNoise.State> gaussianNoise(double noiseMultiplier, double clipNorm,
      double expectedBatchSize, Rng rng) {
    return new GaussianNoise(noiseMultiplier, clipNorm, expectedBatchSize, rng);
  }

  /** {@code chain(gaussianNoise(σ, C, q·n, rng), optimizer)}: any optimiser made private. */
  public static GradientTransform<List<Object>> privatized(GradientTransform<?> optimizer, double noiseMultiplier,
      double clipNorm, double expectedBatchSize, Rng rng) {
    if (optimizer == null) {
      throw new IllegalArgumentException("privatized: optimizer must not be null");
    }
    return Transforms.chain(gaussianNoise(noiseMultiplier, clipNorm, expectedBatchSize, rng), optimizer);
  }

  /** DP-SGD: update = −lr · noisy mean gradient. */
  public static GradientTransform<List<Object>> dpSgd(double lr, double noiseMultiplier, double clipNorm,
      double expectedBatchSize, Rng rng) {
    return privatized(Optimizers.sgd(lr), noiseMultiplier, clipNorm, expectedBatchSize, rng);
  }

  /** DP-Adam: Adam (b1 0.9, b2 0.999, eps 1e-8) on the noisy mean gradient. */
  public static GradientTransform<List<Object>> dpAdam(double lr, double noiseMultiplier, double clipNorm,
      double expectedBatchSize, Rng rng) {
    return privatized(Optimizers.adam(lr), noiseMultiplier, clipNorm, expectedBatchSize, rng);
  }

  /** DP-RMSProp: RMSProp (decay 0.9, eps 1e-8) on the noisy mean gradient. */
  public static GradientTransform<List<Object>> dpRmsProp(double lr, double noiseMultiplier, double clipNorm,
      double expectedBatchSize, Rng rng) {
    return privatized(Optimizers.rmsprop(lr), noiseMultiplier, clipNorm, expectedBatchSize, rng);
  }
}
