package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class StandardizerTest {
  @Test
  void trainFeaturesGetZeroMeanUnitStdAndTestUsesTrainStatistics() {
    // Column 0: 1, 2, 3, 4 (mean 2.5, population std sqrt(1.25)); column 1 constant.
    Dataset train = Dataset.classification("t", Tensor.of(new float[] {1, 7, 2, 7, 3, 7, 4, 7}, 4, 2),
        new int[] {0, 1, 0, 1}, 2);
    Standardizer s = Standardizer.fit(train);
    assertArrayEquals(new float[] {2.5f, 7f}, s.mean());
    assertEquals((float) Math.sqrt(1.25), s.std()[0], 1e-6f);
    assertEquals(1f, s.std()[1]);
    float[] z = s.apply(train).features().data();
    double sd = Math.sqrt(1.25);
    assertArrayEquals(new float[] {(float) (-1.5 / sd), 0, (float) (-0.5 / sd), 0, (float) (0.5 / sd), 0,
        (float) (1.5 / sd), 0}, z, 1e-6f);
    Tensor test = Tensor.of(new float[] {10, 8}, 1, 2);
    assertArrayEquals(new float[] {(float) (7.5 / sd), 1f}, s.apply(test).data(), 1e-5f);
    assertArrayEquals(test.data(), s.invert(s.apply(test)).data(), 1e-5f);
  }

  @Test
  void perPixelOnImages() {
    Rng rng = new Rng(1);
    Tensor x = Tensor.randn(rng, 200, 1, 2, 2);
    Tensor z = Standardizer.fit(x).apply(x);
    assertArrayEquals(new int[] {200, 1, 2, 2}, z.shape().dims());
    for (int j = 0; j < 4; j++) {
      double m = 0;
      double v = 0;
      for (int i = 0; i < 200; i++) {
        m += z.data()[i * 4 + j];
      }
      m /= 200;
      for (int i = 0; i < 200; i++) {
        double c = z.data()[i * 4 + j] - m;
        v += c * c;
      }
      assertEquals(0, m, 1e-5);
      assertEquals(1, v / 200, 1e-4);
    }
  }

  @Test
  void widthMismatchIsAnError() {
    Standardizer s = Standardizer.fit(Tensor.wrap(new float[] {1, 2, 3, 4}, Shape.of(2, 2)));
    assertThrows(IllegalArgumentException.class, () -> s.apply(Tensor.wrap(new float[3], Shape.of(1, 3))));
  }
}
