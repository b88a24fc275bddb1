package org.probity.core.train;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** Two Gaussian blobs in 2-D, centred at (−2, −2) and (2, 2) with unit variance: nearly separable. */
final class Blobs {
  private Blobs() {}

  static Dataset make(String name, int n, Rng rng) {
    float[] x = new float[n * 2];
    int[] y = new int[n];
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      g[i] = i % 5 == 0 ? 1 : 0;
      float c = y[i] == 0 ? -2f : 2f;
      x[2 * i] = c + (float) rng.nextGaussian();
      x[2 * i + 1] = c + (float) rng.nextGaussian();
    }
    return Dataset.classification(name, Tensor.wrap(x, Shape.of(n, 2)), y, 2).withGroups(g);
  }
}
