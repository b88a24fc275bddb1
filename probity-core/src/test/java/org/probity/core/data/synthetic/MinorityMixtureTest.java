package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class MinorityMixtureTest {
  @Test
  void shapesGroupsAndExactMinorityCount() {
    MinorityMixture.Config c = MinorityMixture.Config.defaults().withN(1001).withMinorityFraction(0.15);
    Dataset d = MinorityMixture.generate(c, new Rng(1));
    assertArrayEquals(new int[] {1001, 10}, d.features().shape().dims());
    assertEquals(2, d.numClasses());
    assertEquals(2, d.numGroups());
    int minority = 0;
    for (int g : d.groups()) {
      minority += g;
    }
    assertEquals(Math.round(1001 * 0.15), minority);
  }

  @Test
  void deterministicBySeed() {
    MinorityMixture.Config c = MinorityMixture.Config.defaults().withN(200);
    Dataset a = MinorityMixture.generate(c, new Rng(5));
    Dataset b = MinorityMixture.generate(c, new Rng(5));
    Dataset other = MinorityMixture.generate(c, new Rng(6));
    assertEquals(a.fingerprint(), b.fingerprint());
    assertTrue(!a.fingerprint().equals(other.fingerprint()));
  }

  /** Mean of feature j over rows of group g and class y. */
  private static double mean(Dataset d, int g, int y, int j) {
    double s = 0;
    int n = 0;
    int dim = d.exampleShape().size();
    for (int i = 0; i < d.size(); i++) {
      if (d.groups()[i] == g && d.labels()[i] == y) {
        s += d.features().data()[i * dim + j];
        n++;
      }
    }
    return s / n;
  }

  @Test
  void theMinorityBoundaryIsRotatedAndOffset() {
    MinorityMixture.Config c = new MinorityMixture.Config(40000, 4, 2, 0.3, 4.0, 90.0, 3.0, 1.0);
    Dataset d = MinorityMixture.generate(c, new Rng(2));
    // Majority: class means (+-2, 0); minority rotated by 90 degrees: (0, +-2), shifted by 3 on e2.
    double tol = 0.08;
    assertEquals(2, mean(d, 0, 0, 0), tol);
    assertEquals(-2, mean(d, 0, 1, 0), tol);
    assertEquals(0, mean(d, 0, 0, 1), tol);
    assertEquals(0, mean(d, 1, 0, 0), tol);
    assertEquals(2, mean(d, 1, 0, 1), tol);
    assertEquals(-2, mean(d, 1, 1, 1), tol);
    assertEquals(3, mean(d, 1, 1, 2), tol);
    assertEquals(0, mean(d, 0, 1, 2), tol);
    assertEquals(0, mean(d, 1, 0, 3), tol);
  }

  @Test
  void rejectsBadConfigs() {
    assertThrows(IllegalArgumentException.class, () -> new MinorityMixture.Config(10, 2, 2, 1.0, 4, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new MinorityMixture.Config(10, 2, 2, 0.1, 4, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MinorityMixture.Config(10, 3, 1, 0.1, 4, 0, 0, 1));
  }
}
