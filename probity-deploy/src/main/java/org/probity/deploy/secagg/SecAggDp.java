package org.probity.deploy.secagg;

import org.probity.privacy.optim.DpTransforms;
import org.probity.privacy.optim.GaussianNoise;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * How secure aggregation composes with client-level DP-FedAvg (McMahan et al., ICLR 2018; the central-DP
 * variant of {@code DpFixedClipping} in probity-federated): each client clips its update Δ_k to L2 norm S
 * BEFORE quantizing and masking it ({@link #clipL2}); the server unmasks only Σ_k clip(Δ_k) and adds
 * N(0, σ²S²) to that sum, dividing by the expected cohort m, exactly as {@code DpFixedClipping} does
 * after its own sum ({@link #noisyMean}, same noise transform, same seeded stream). The sensitivity
 * argument is unchanged because the server never sees an individual update, and the released value differs
 * from the plain pipeline only by the quantization error, at most n·2^−f−1/m per coordinate (choose
 * maxAbs ≥ S, so the quantizer's coordinate clipping never binds after L2 clipping). The server is still
 * trusted to add the noise; distributed noise (each client adding a share) is not implemented.
 */
public final class SecAggDp {
  private SecAggDp() {}

  /** Δ scaled to L2 norm at most {@code clipNorm} (unchanged when already within it), in a new array. */
  public static float[] clipL2(float[] update, double clipNorm) {
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException("secagg dp clip: clip norm S must be > 0, got " + clipNorm);
    }
    if (update == null) {
      throw new IllegalArgumentException("secagg dp clip: update is required");
    }
    double s = 0;
    for (float v : update) {
      s += (double) v * v;
    }
    double norm = Math.sqrt(s);
    float[] out = update.clone();
    if (norm <= clipNorm) {
      return out;
    }
    double factor = clipNorm / norm;
    while (true) {
      double n2 = 0;
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (update[i] * factor);
        n2 += (double) out[i] * out[i];
      }
      if (Math.sqrt(n2) <= clipNorm) {
        return out;
      }
      factor = Math.nextDown(factor * (1 - 1e-7));
    }
  }

  /**
   * (sum + N(0, σ²S²)) / m as Params shaped like {@code template}, with the noise drawn by
   * {@link DpTransforms#gaussianNoise} from {@code rng} exactly as {@code DpFixedClipping} releases its
   * private mean update (pass the round's {@code rng.derive("dp-fixed-clipping-noise")} stream to match it).
   */
  public static Params noisyMean(double[] sum, Params template, double noiseMultiplier, double clipNorm,
      double expectedCohort, Rng rng) {
    if (sum == null || template == null || rng == null || sum.length != template.count()) {
      throw new IllegalArgumentException("secagg dp noise: the sum must have the template's " 
          + (template == null ? "?" : template.count()) + " coordinates, got "
          + (sum == null ? "null" : sum.length));
    }
    float[] s = new float[sum.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) sum[i];
    }
    Params summed = template.unflatten(Tensor.vector(s));
    return DpTransforms.gaussianNoise(noiseMultiplier, clipNorm, expectedCohort, rng)
        .update(summed, new GaussianNoise.State(0), template).updates();
  }
}
