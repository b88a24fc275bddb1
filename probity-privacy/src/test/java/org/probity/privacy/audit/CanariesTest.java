package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class CanariesTest {
  /** n rows of 2 features; feature 0 is the row index, so a canary names the row it was made from. */
  private static Dataset indexed(int n, int classes) {
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 0.5f * i;
      y[i] = i % classes;
    }
    return Dataset.classification("toy", Tensor.wrap(x, Shape.of(n, 2)), y, classes);
  }

  @Test
  void withoutReplacementDistinctRowsEachRelabelledToAnotherClass() {
    Dataset src = indexed(50, 4);
    Dataset c = Canaries.mislabeled(src, 30, new Rng(1));
    assertEquals(30, c.size());
    assertEquals("toy:canaries", c.name());
    assertEquals(4, c.numClasses());
    float[] x = c.features().data();
    boolean[] seen = new boolean[50];
    for (int i = 0; i < 30; i++) {
      int row = (int) x[2 * i];
      assertEquals(0.5f * row, x[2 * i + 1], "canary " + i + " must copy source row " + row);
      assertTrue(!seen[row], "row " + row + " drawn twice without replacement");
      seen[row] = true;
      assertNotEquals(src.labels()[row], c.labels()[i], "canary " + i + " kept its label");
      assertTrue(c.labels()[i] >= 0 && c.labels()[i] < 4);
    }
    // The source is untouched.
    for (int i = 0; i < 50; i++) {
      assertEquals(i % 4, src.labels()[i]);
    }
  }

  @Test
  void withReplacementWhenMoreCanariesThanRows() {
    Dataset src = indexed(5, 3);
    Dataset c = Canaries.mislabeled(src, 40, new Rng(2));
    assertEquals(40, c.size());
    int[] uses = new int[5];
    for (int i = 0; i < 40; i++) {
      int row = (int) c.features().data()[2 * i];
      uses[row]++;
      assertNotEquals(src.labels()[row], c.labels()[i]);
    }
    for (int u : uses) {
      assertTrue(u > 0, "with 40 draws of 5 rows every row should appear");
    }
  }

  @Test
  void newLabelIsUniformOverTheOtherClasses() {
    // One row of class 1 among 4 classes: 6000 canaries of it split over classes 0, 2, 3 about evenly.
    Dataset src = Dataset.classification("one", Tensor.wrap(new float[] {1f}, Shape.of(1, 1)), new int[] {1}, 4);
    int n = 6000;
    int[] count = new int[4];
    for (int y : Canaries.mislabeled(src, n, new Rng(3)).labels()) {
      count[y]++;
    }
    assertEquals(0, count[1]);
    double sd = Math.sqrt(n * (1 / 3.0) * (2 / 3.0));
    for (int k : new int[] {0, 2, 3}) {
      assertEquals(n / 3.0, count[k], 4 * sd, "class " + k);
    }
  }

  @Test
  void deterministicInTheRng() {
    Dataset src = indexed(30, 3);
    Dataset a = Canaries.mislabeled(src, 10, new Rng(7));
    Dataset b = Canaries.mislabeled(src, 10, new Rng(7));
    assertArrayEquals(a.labels(), b.labels());
    assertArrayEquals(a.features().data(), b.features().data());
  }

  @Test
  void badInputIsNamed() {
    Dataset src = indexed(10, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Canaries.mislabeled(src, 0, new Rng(1)));
    assertTrue(e.getMessage().contains("at least 1, got 0"), e.getMessage());
    Dataset reg = Dataset.regression("reg", Tensor.zeros(3, 2), Tensor.zeros(3));
    e = assertThrows(IllegalArgumentException.class, () -> Canaries.mislabeled(reg, 2, new Rng(1)));
    assertTrue(e.getMessage().contains("'reg'") && e.getMessage().contains("regression"), e.getMessage());
    Dataset single = Dataset.classification("single", Tensor.zeros(3, 2), new int[] {0, 0, 0}, 1);
    e = assertThrows(IllegalArgumentException.class, () -> Canaries.mislabeled(single, 2, new Rng(1)));
    assertTrue(e.getMessage().contains("1 class"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Canaries.inclusion(0, new Rng(1)));
  }

  @Test
  void inclusionIsAFairCoinPerCanary() {
    int n = 20000;
    boolean[] in = Canaries.inclusion(n, new Rng(4));
    int k = 0;
    int runs = 1;
    for (int i = 0; i < n; i++) {
      k += in[i] ? 1 : 0;
      if (i > 0 && in[i] != in[i - 1]) {
        runs++;
      }
    }
    double sd = Math.sqrt(n * 0.25);
    assertEquals(n / 2.0, k, 4 * sd);
    // Independence: the number of runs of equal flips of a fair coin has mean (n + 1) / 2, sd ≈ √n / 2.
    assertEquals((n + 1) / 2.0, runs, 4 * sd);
  }
}
