package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class SplitsTest {
  private static int[] counts(int[] labels, int k) {
    int[] c = new int[k];
    for (int y : labels) {
      c[y]++;
    }
    return c;
  }

  @Test
  void stratifiedKeepsEveryClassShare() {
    Dataset wine = Datasets.load("wine"); // 59 / 71 / 48
    Split s = Splits.stratified(wine, 0.25, new Rng(4));
    assertArrayEquals(new int[] {15, 18, 12}, counts(s.test().labels(), 3));
    assertArrayEquals(new int[] {44, 53, 36}, counts(s.train().labels(), 3));
    // Disjoint and complete: features identify rows (proline values, column 12, with row order).
    Set<String> rows = new HashSet<>();
    for (Dataset d : new Dataset[] {s.train(), s.test()}) {
      for (int i = 0; i < d.size(); i++) {
        float[] x = d.features().data();
        rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(x, i * 13, i * 13 + 13)));
      }
    }
    assertEquals(178, rows.size());
    assertArrayEquals(Splits.stratified(wine, 0.25, new Rng(4)).test().labels(), s.test().labels());
  }

  @Test
  void byGroupKeepsEveryGroupShare() {
    Dataset iris = Datasets.load("iris");
    int[] g = new int[150];
    for (int i = 0; i < 150; i++) {
      g[i] = i < 20 ? 1 : 0;
    }
    Split s = Splits.byGroup(iris.withGroups(g), 0.5, new Rng(1));
    assertArrayEquals(new int[] {65, 10}, counts(s.test().groups(), 2));
  }

  @Test
  void byClientGivesEveryClientLocalTestRows() {
    Dataset iris = Datasets.load("iris");
    int[] c = new int[150];
    for (int i = 0; i < 150; i++) {
      c[i] = i < 10 ? 0 : i < 40 ? 1 : 2;
    }
    Split s = Splits.byClient(iris.withClients(c), 0.1, new Rng(2));
    assertArrayEquals(new int[] {1, 3, 11}, counts(s.test().clients(), 3));
    assertArrayEquals(new int[] {9, 27, 99}, counts(s.train().clients(), 3));
  }

  @Test
  void badFraction() {
    Dataset iris = Datasets.load("iris");
    assertThrows(IllegalArgumentException.class, () -> Splits.stratified(iris, 1.0, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> Splits.byGroup(iris, 0.5, new Rng(1)));
  }
}
