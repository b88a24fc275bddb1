package org.probity.core.data.partition;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** Small datasets whose single feature is the row index, so a row can be traced through subsets. */
final class Fixtures {
  private Fixtures() {}

  static Dataset labelled(int n, int classes, long seed) {
    Rng r = new Rng(seed);
    float[] x = new float[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = r.nextInt(classes);
    }
    return Dataset.classification("fixture", Tensor.wrap(x, Shape.of(n, 1)), y, classes);
  }

  /** Row indices recovered from the feature column. */
  static int[] rowIds(Dataset d) {
    float[] x = d.features().data();
    int[] out = new int[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) x[i];
    }
    return out;
  }
}
