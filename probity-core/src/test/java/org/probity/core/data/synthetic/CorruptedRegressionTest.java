package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class CorruptedRegressionTest {
  private static double residual(Dataset d, float[] w, int i) {
    int p = w.length;
    double dot = 0;
    for (int j = 0; j < p; j++) {
      dot += w[j] * d.features().data()[i * p + j];
    }
    return d.targets().data()[i] - dot;
  }

  @Test
  void shapesInterceptAndExactCorruptedRows() {
    CorruptedRegression.Config c = CorruptedRegression.Config.defaults().withSizes(1001, 300).withFraction(0.4);
    CorruptedRegression.Data data = CorruptedRegression.generate(c, new Rng(1));
    Dataset train = data.train();
    assertArrayEquals(new int[] {1001, 21}, train.features().shape().dims());
    assertArrayEquals(new int[] {300, 21}, data.test().features().shape().dims());
    for (int i = 0; i < train.size(); i++) {
      assertEquals(1f, train.features().data()[i * 21 + 20]);
    }
    int m = (int) Math.floor(1001 * 0.4);
    assertEquals(m, data.corruptedRows().length);
    for (int i = 0; i < train.size(); i++) {
      assertEquals(i < m ? 1 : 0, train.groups()[i]);
    }
    assertEquals(1001 - m, data.cleanTrain().size());
    for (int g : data.test().groups()) {
      assertEquals(0, g);
    }
  }

  @Test
  void cleanRowsFollowTheModelAndCorruptedOnesFollowN55() {
    CorruptedRegression.Config c = CorruptedRegression.Config.defaults().withSizes(20000, 2000).withFraction(0.5);
    CorruptedRegression.Data data = CorruptedRegression.generate(c, new Rng(2));
    float[] w = data.weights();
    Dataset train = data.train();
    double cleanSq = 0;
    int clean = 0;
    double sum = 0;
    double sq = 0;
    int bad = 0;
    for (int i = 0; i < train.size(); i++) {
      if (train.groups()[i] == 0) {
        double r = residual(train, w, i);
        cleanSq += r * r;
        clean++;
      } else {
        double y = train.targets().data()[i];
        sum += y;
        sq += y * y;
        bad++;
      }
    }
    assertEquals(0.1, Math.sqrt(cleanSq / clean), 0.005);
    double mean = sum / bad;
    assertEquals(5, mean, 0.2);
    assertEquals(5, Math.sqrt(sq / bad - mean * mean), 0.2);
    // Test rows are all clean.
    double testSq = 0;
    for (int i = 0; i < data.test().size(); i++) {
      double r = residual(data.test(), w, i);
      testSq += r * r;
    }
    assertEquals(0.1, Math.sqrt(testSq / data.test().size()), 0.01);
    // w* ~ N(0, 1/d): sum of squares of 21 weights is about 21/20.
    double ww = 0;
    for (float v : w) {
      ww += v * v;
    }
    assertEquals(1.05, ww, 0.8);
  }

  @Test
  void deterministicBySeed() {
    CorruptedRegression.Config c = CorruptedRegression.Config.defaults().withSizes(100, 20);
    assertEquals(CorruptedRegression.generate(c, new Rng(9)).train().fingerprint(),
        CorruptedRegression.generate(c, new Rng(9)).train().fingerprint());
    assertEquals(false, CorruptedRegression.generate(c, new Rng(9)).train().fingerprint()
        .equals(CorruptedRegression.generate(c, new Rng(10)).train().fingerprint()));
  }

  @Test
  void corruptTargetsOnAnyRegressionData() {
    Dataset d = Dataset.regression("r", Tensor.zeros(10, 2), Tensor.wrap(new float[10], Shape.of(10)));
    Dataset c = CorruptedRegression.corruptTargets(d, 0.35, 100, 0, new Rng(1));
    assertArrayEquals(new float[] {100, 100, 100, 0, 0, 0, 0, 0, 0, 0}, c.targets().data());
    assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, c.groups());
    assertArrayEquals(new float[10], d.targets().data());
    Dataset cls = Dataset.classification("c", Tensor.zeros(2, 1), new int[] {0, 1}, 2);
    assertThrows(IllegalArgumentException.class, () -> CorruptedRegression.corruptTargets(cls, 0.1, 5, 5, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> CorruptedRegression.Config.defaults().withFraction(1.5));
  }
}
