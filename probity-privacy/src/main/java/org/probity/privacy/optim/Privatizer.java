package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.optim.GradientTransform;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The one Gaussian release every step of a preconditioned private optimiser makes: optionally divide
 * each example's gradient coordinate-wise by a preconditioner D (ĝ_i = g_i / D), clip each ĝ_i to
 * L2 norm C (over all parameters jointly), sum, add N(0, σ²C²·I) and divide by the expected batch
 * size. This is {@code privatize_grad} of the official DP² code (Li, Zaheer, Reddi, Smith,
 * "Differentially Private Adaptive Optimization with Delayed Preconditioners", ICLR 2023) with the
 * preconditioning step of AdaDPS (Li, Zaheer, Liu, Reddi, McMahan, Smith, "Private Adaptive
 * Optimization with Side Information", ICML 2022) folded in. Because D must not depend on the batch
 * (it comes from earlier noisy releases or from public side information), each example still moves
 * the clipped sum by at most C, so every call is one subsampled-Gaussian step with noise multiplier
 * σ and the accounting is exactly DP-SGD's. The noise and the division are DP-SGD's own link
 * ({@link DpTransforms#gaussianNoise}), reused rather than rewritten, so a preconditioned method and
 * DP-SGD run from the same root stream draw the same noise at every step.
 *
 * <p>Dividing by the EXPECTED batch size (q·n under Poisson sampling) rather than the drawn one
 * keeps the release's sensitivity fixed, as the accountant assumes; with fixed-size batches the
 * two coincide. C may be infinite only when σ = 0 (no clipping, no noise: plain SGD's mean
 * gradient), which is how the tests pin the transforms to their non-private counterparts.
 *
 * @param clipNorm C, the per-example L2 bound (positive; infinite only with σ = 0)
 * @param noiseMultiplier σ (>= 0), the noise std in units of C
 * @param expectedBatchSize the divisor (positive): q·n, or B for fixed-size batches
 */
public record Privatizer(double clipNorm, double noiseMultiplier, double expectedBatchSize) {
  /** Added to a norm before dividing, as the official code does, so a zero gradient stays zero. */
  private static final double NORM_FLOOR = 1e-15;

  public Privatizer {
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException("privatizer: clip norm must be positive, got " + clipNorm);
    }
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException("privatizer: noise multiplier must be finite and >= 0, got "
          + noiseMultiplier);
    }
    if (Double.isInfinite(clipNorm) && noiseMultiplier > 0) {
      throw new IllegalArgumentException("privatizer: an infinite clip norm needs noise multiplier 0 (the noise"
          + " std σ·C would be infinite), got σ=" + noiseMultiplier);
    }
    if (!(expectedBatchSize > 0) || Double.isInfinite(expectedBatchSize)) {
      throw new IllegalArgumentException("privatizer: expected batch size must be positive and finite, got "
          + expectedBatchSize);
    }
  }

  /** The same release with another clip bound (DP²'s adaptive phase uses a second one). */
  public Privatizer withClipNorm(double c) {
    return new Privatizer(c, noiseMultiplier, expectedBatchSize);
  }

  /** Without preconditioning: DP-SGD's release. */
  public Params privatize(PerExampleGradients grads, Rng noise, long step) {
    return privatize(grads, null, noise, step);
  }

  /**
   * The privatised gradient (names and shapes of the parameters): {@link #clippedSum} followed by
   * the DP-SGD noise link {@link DpTransforms#gaussianNoise} at step {@code step}, so the noise of
   * step t is exactly the one DP-SGD's chain draws from the same root stream.
   *
   * @param divisor the per-coordinate preconditioner D, shaped like the parameters, or null for none
   * @param noise the root noise stream (the link derives step t's noise from it)
   */
  public Params privatize(PerExampleGradients grads, Params divisor, Rng noise, long step) {
    Params sum = clippedSum(grads, divisor);
    return noiseLink(noise).update(sum, new GaussianNoise.State(step), sum).updates();
  }

  /** The noise link of this release: N(0, σ²C²) added to a clipped sum, then division by the expected batch size. */
  public GradientTransform<GaussianNoise.State> noiseLink(Rng noise) {
    return DpTransforms.gaussianNoise(noiseMultiplier, clipNorm, expectedBatchSize, noise);
  }

  /**
   * Σ_i clip_C(g_i / D): the part of the release that touches the examples (names and shapes of
   * the parameters; zeros for an empty batch).
   *
   * @param divisor the per-coordinate preconditioner D, or null for none
   */
  public Params clippedSum(PerExampleGradients grads, Params divisor) {
    int b = grads.batchSize();
    Map<String, Tensor> gm = grads.byName().byName();
    int k = gm.size();
    float[][] g = new float[k][];
    float[][] d = new float[k][];
    int[] per = new int[k];
    String[] names = new String[k];
    int idx = 0;
    for (Map.Entry<String, Tensor> e : gm.entrySet()) {
      names[idx] = e.getKey();
      g[idx] = e.getValue().data();
      per[idx] = e.getValue().shape().without(0).size();
      if (divisor != null) {
        Tensor dt = divisor.byName().get(e.getKey());
        if (dt == null || dt.size() != per[idx]) {
          throw new IllegalArgumentException("privatizer: preconditioner for '" + e.getKey() + "' is "
              + (dt == null ? "missing (have " + divisor.names() + ")" : "of shape " + dt.shape())
              + " but the per-example gradient has shape " + e.getValue().shape());
        }
        d[idx] = dt.data();
      }
      idx++;
    }
    if (divisor != null && divisor.byName().size() != k) {
      throw new IllegalArgumentException("privatizer: preconditioner has " + divisor.names()
          + " but the gradients have " + grads.byName().names());
    }
    double[] factor = clipFactors(g, d, per, b);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int t = 0; t < k; t++) {
      int p = per[t];
      double[] sum = new double[p];
      float[] gt = g[t];
      float[] dt = d[t];
      for (int i = 0; i < b; i++) {
        double f = factor[i];
        int off = i * p;
        if (dt == null) {
          for (int j = 0; j < p; j++) {
            sum[j] += f * gt[off + j];
          }
        } else {
          for (int j = 0; j < p; j++) {
            sum[j] += f * gt[off + j] / dt[j];
          }
        }
      }
      float[] r = new float[p];
      for (int j = 0; j < p; j++) {
        r[j] = (float) sum[j];
      }
      out.put(names[t], Tensor.wrap(r, gm.get(names[t]).shape().without(0)));
    }
    return new Params(out);
  }

  /** min(1, C / ‖ĝ_i‖) for every example, the norm taken over all parameters jointly. */
  private double[] clipFactors(float[][] g, float[][] d, int[] per, int b) {
    double[] sq = new double[b];
    for (int t = 0; t < g.length; t++) {
      int p = per[t];
      float[] gt = g[t];
      float[] dt = d[t];
      for (int i = 0; i < b; i++) {
        int off = i * p;
        double s = 0;
        if (dt == null) {
          for (int j = 0; j < p; j++) {
            double v = gt[off + j];
            s += v * v;
          }
        } else {
          for (int j = 0; j < p; j++) {
            double v = gt[off + j] / dt[j];
            s += v * v;
          }
        }
        sq[i] += s;
      }
    }
    double[] f = new double[b];
    for (int i = 0; i < b; i++) {
      f[i] = Math.min(1.0, clipNorm / (Math.sqrt(sq[i]) + NORM_FLOOR));
    }
    return f;
  }
}
