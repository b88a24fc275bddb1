package org.probity.privacy.repro;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/**
 * The synthetic tabular classification task of the mia-unseen reproduction plan (notes §7): a
 * Gaussian mixture with several sub-clusters per class, so that a class is not one blob and a small
 * MLP can overfit it. Class centres are N(0, separation²·I), sub-cluster centres lie N(0, 1) around
 * their class centre, and points N(0, noise²·I) around a uniformly chosen sub-cluster; labels are
 * balanced (example i has class i mod classes). Everything is drawn from the given {@link Rng}.
 */
public final class MixtureClasses {
  private MixtureClasses() {}

  /** {@code n} examples of {@code classes} classes in {@code dim} dimensions. */
  public static Dataset generate(String name, int n, int classes, int dim, int subclusters, double separation,
      double noise, Rng rng) {
    if (n < 1 || classes < 2 || dim < 1 || subclusters < 1 || !(separation >= 0) || !(noise > 0)) {
      throw new IllegalArgumentException("mixture classes: need n ≥ 1, classes ≥ 2, dim ≥ 1, subclusters ≥ 1,"
          + " separation ≥ 0 and noise > 0; got n " + n + ", classes " + classes + ", dim " + dim + ", subclusters "
          + subclusters + ", separation " + separation + ", noise " + noise);
    }
    Rng centres = rng.derive("centres");
    double[][] centre = new double[classes * subclusters][dim];
    for (int c = 0; c < classes; c++) {
      double[] base = new double[dim];
      for (int d = 0; d < dim; d++) {
        base[d] = separation * centres.nextGaussian();
      }
      for (int s = 0; s < subclusters; s++) {
        for (int d = 0; d < dim; d++) {
          centre[c * subclusters + s][d] = base[d] + centres.nextGaussian();
        }
      }
    }
    Rng points = rng.derive("points");
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      y[i] = c;
      double[] mu = centre[c * subclusters + points.nextInt(subclusters)];
      for (int d = 0; d < dim; d++) {
        x[i * dim + d] = (float) (mu[d] + noise * points.nextGaussian());
      }
    }
    return Dataset.classification(name, Tensor.of(x, n, dim), y, classes);
  }
}
