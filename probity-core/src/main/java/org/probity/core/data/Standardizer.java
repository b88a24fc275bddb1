package org.probity.core.data;

import org.probity.tensor.Tensor;

/**
 * Per-feature standardisation (z-scores): the mean and standard deviation are fitted on the
 * training features only and then applied to every split, so no test statistics leak into
 * training. A constant feature gets standard deviation 1 (it becomes 0, not NaN). Each position
 * of the example shape is one feature, so images are standardised per pixel.
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Fits on {@code train}'s features. */
  public static Standardizer fit(Dataset train) {
    return fit(train.features());
  }

  /** Fits on a tensor whose first axis indexes examples (also usable on regression targets). */
  public static Standardizer fit(Tensor x) {
    int n = x.dim(0);
    if (n == 0) {
      throw new IllegalArgumentException("standardizer: cannot fit on zero examples");
    }
    int d = x.size() / n;
    float[] a = x.data();
    double[] sum = new double[d];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        sum[j] += a[off + j];
      }
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    double[] sq = new double[d];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        double c = a[off + j] - (sum[j] / n);
        sq[j] += c * c;
      }
    }
    float[] std = new float[d];
    for (int j = 0; j < d; j++) {
      double s = Math.sqrt(sq[j] / n);
      std[j] = s > 1e-12 ? (float) s : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** {@code data} with standardised features (labels, targets, groups and clients unchanged). */
  public Dataset apply(Dataset data) {
    return data.withFeatures(apply(data.features()));
  }

  public Tensor apply(Tensor x) {
    int n = x.dim(0);
    int d = n == 0 ? mean.length : x.size() / n;
    if (d != mean.length) {
      throw new IllegalArgumentException("standardizer: fitted on " + mean.length + " features, got a tensor of shape "
          + x.shape() + " (" + d + " per example)");
    }
    float[] a = x.data();
    float[] out = new float[a.length];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        out[off + j] = (a[off + j] - mean[j]) / std[j];
      }
    }
    return Tensor.wrap(out, x.shape());
  }

  /** Undoes {@link #apply(Tensor)} (e.g. to report regression predictions in original units). */
  public Tensor invert(Tensor z) {
    int n = z.dim(0);
    int d = n == 0 ? mean.length : z.size() / n;
    if (d != mean.length) {
      throw new IllegalArgumentException("standardizer: fitted on " + mean.length + " features, got a tensor of shape "
          + z.shape());
    }
    float[] a = z.data();
    float[] out = new float[a.length];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        out[off + j] = a[off + j] * std[j] + mean[j];
      }
    }
    return Tensor.wrap(out, z.shape());
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }
}
