package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.tensor.Tensor;

/**
 * The data plumbing of the digits transfer experiment, checked against direct counts: the public
 * and private halves hold exactly the digits they should, relabelled 0–4, and probe features are
 * standardised with the statistics they are given (zero mean, unit spread on the data they came from).
 */
class PublicRepDigitsExperimentTest {
  @Test
  void publicAndPrivateClassesAreDisjointAndRelabelled() {
    Dataset digits = Datasets.load("digits");
    int high = 0;
    for (int y : digits.labels()) {
      high += y >= 5 ? 1 : 0;
    }
    Dataset pub = PublicRepDigitsExperiment.classes(digits, 0, "pub");
    Dataset priv = PublicRepDigitsExperiment.classes(digits, 5, "priv");
    assertEquals(digits.size() - high, pub.size());
    assertEquals(high, priv.size());
    assertEquals(5, priv.numClasses());
    int[] seen = new int[5];
    for (int y : priv.labels()) {
      seen[y]++;
    }
    for (int c = 0; c < 5; c++) {
      assertTrue(seen[c] > 150, "class " + (c + 5) + " has " + seen[c] + " rows");
    }
    // The first private row is the first digit >= 5 of the full set, pixels unchanged.
    int first = 0;
    while (digits.labels()[first] < 5) {
      first++;
    }
    assertEquals(digits.labels()[first] - 5, priv.labels()[0]);
    assertEquals(digits.features().data()[first * 64 + 20], priv.features().data()[20], 0f);
  }

  @Test
  void standardisationUsesTheGivenStatistics() {
    float[] x = {1, 10, 3, 10, 5, 10};
    Dataset f = Dataset.classification("f", Tensor.of(x, 3, 2), new int[] {0, 1, 0}, 2);
    float[][] st = PublicRepDigitsExperiment.columnStats(f);
    assertEquals(3, st[0][0], 1e-6);
    assertEquals(Math.sqrt(8.0 / 3), st[1][0], 1e-6);
    assertEquals(1, st[1][1], 0.0, "a constant column keeps unit scale instead of dividing by zero");
    float[] z = PublicRepDigitsExperiment.standardize(f, st).features().data();
    assertEquals(-2 / Math.sqrt(8.0 / 3), z[0], 1e-6);
    assertEquals(0, z[1], 0.0);
    assertEquals(0, z[2], 1e-6);
    assertEquals(x[0], f.features().data()[0], 0f, "the input is not modified");
  }
}
