package org.probity.deploy.secagg;

/**
 * Fixed-point encoding of float updates into Z_{2^32} for secure aggregation (Bonawitz et al., CCS 2017,
 * §3: inputs are vectors over Z_R): each coordinate is clipped to [−maxAbs, maxAbs] and rounded to the
 * nearest multiple of 2^−f, q(x) = round(clip(x)·2^f), a signed 32-bit integer. Sums are taken mod 2^32
 * and read back as signed integers, which is exact because {@link SecAggConfig} guarantees
 * n·maxAbs·2^f &lt; 2^31.
 *
 * <p>Error bound: per coordinate, |q(x)·2^−f − clip(x)| ≤ 2^−f−1 (x·2^f is exact in double and
 * {@link Math#round} errs by at most ½), so the dequantized sum of n updates, which is computed exactly in
 * double, satisfies |Σ q(x_k)·2^−f − Σ clip(x_k)| ≤ n·2^−f−1 per coordinate. Relative to the unclipped
 * inputs add the clipping error Σ |x_k − clip(x_k)|, which is zero when every |x| ≤ maxAbs.
 */
public final class Quantizer {
  private final SecAggConfig config;
  private final double scale;
  private final double inverse;

  public Quantizer(SecAggConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("quantizer: config is required");
    }
    this.config = config;
    this.scale = Math.scalb(1.0, config.fractionalBits());
    this.inverse = Math.scalb(1.0, -config.fractionalBits());
  }

  /** q(x) for every coordinate; refuses a wrong length or a non-finite coordinate (naming its index). */
  public int[] quantize(float[] x) {
    if (x == null || x.length != config.vectorLength()) {
      throw new IllegalArgumentException("quantize: update length must be " + config.vectorLength() + ", got "
          + (x == null ? "null" : x.length));
    }
    double max = config.maxAbs();
    int[] q = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("quantize: coordinate " + i + " is " + x[i] + "; updates must be finite");
      }
      if (v > max) {
        v = max;
      } else if (v < -max) {
        v = -max;
      }
      q[i] = (int) Math.round(v * scale);
    }
    return q;
  }

  /** A sum mod 2^32 of quantized updates read as signed integers and scaled by 2^−f (exact in double). */
  public double[] dequantize(int[] sum) {
    if (sum == null || sum.length != config.vectorLength()) {
      throw new IllegalArgumentException("dequantize: sum length must be " + config.vectorLength() + ", got "
          + (sum == null ? "null" : sum.length));
    }
    double[] out = new double[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = sum[i] * inverse;
    }
    return out;
  }

  /** n·2^−f−1: the largest per-coordinate error of a dequantized sum of n clipped updates. */
  public double sumErrorBound(int clients) {
    return clients * 0.5 * inverse;
  }
}
