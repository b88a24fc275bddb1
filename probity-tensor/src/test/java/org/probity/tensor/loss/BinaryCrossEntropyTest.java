package org.probity.tensor.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class BinaryCrossEntropyTest {
  private static double naive(double x, double y) {
    double p = 1 / (1 + Math.exp(-x));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  @Test
  void withLogitsMatchesNaiveFormulaAndStaysFinite() {
    Tensor x = Tensor.vector(-2f, 0.5f, 3f);
    Tensor y = Tensor.vector(0f, 1f, 0.25f);
    Tensor l = BinaryCrossEntropy.withLogits(x, y);
    assertEquals(Shape.of(3), l.shape());
    for (int i = 0; i < 3; i++) {
      assertEquals(naive(x.data()[i], y.data()[i]), l.data()[i], 1e-6);
    }
    // Where sigmoid saturates the naive form gives infinity; the stable one gives |x|.
    Tensor big = BinaryCrossEntropy.withLogits(Tensor.vector(200f, -200f), Tensor.vector(0f, 1f));
    assertEquals(200f, big.data()[0], 1e-4);
    assertEquals(200f, big.data()[1], 1e-4);
  }

  @Test
  void withLogitsAcceptsColumnShapeAndMultiLabelRows() {
    Tensor col = BinaryCrossEntropy.withLogits(Tensor.of(new float[] {1f, -1f}, 2, 1), Tensor.vector(1f, 1f));
    assertEquals(Shape.of(2), col.shape());
    assertEquals(naive(-1, 1), col.data()[1], 1e-6);
    Tensor rows = BinaryCrossEntropy.withLogits(Tensor.of(new float[] {1f, -1f, 2f, 0f}, 2, 2),
        Tensor.of(new float[] {1f, 0f, 0f, 1f}, 2, 2));
    assertEquals((naive(1, 1) + naive(-1, 0)) / 2, rows.data()[0], 1e-6);
    assertEquals((naive(2, 0) + naive(0, 1)) / 2, rows.data()[1], 1e-6);
  }

  @Test
  void probabilitiesMatchAndClampAtOneHundred() {
    Tensor p = Tensor.vector(0.2f, 0.9f);
    Tensor y = Tensor.vector(0f, 1f);
    Tensor l = BinaryCrossEntropy.perExample(p, y);
    assertEquals(-Math.log(0.8), l.data()[0], 1e-6);
    assertEquals(-Math.log(0.9), l.data()[1], 1e-6);
    Tensor sat = BinaryCrossEntropy.perExample(Tensor.vector(0f, 1f), Tensor.vector(1f, 0f));
    assertEquals(100f, sat.data()[0]);
    assertEquals(100f, sat.data()[1]);
  }

  @Test
  void gradCheckBothFormsOnVectorsAndRank2() {
    Rng rng = new Rng(1);
    Tensor x = Tensor.randn(rng, 3, 2);
    Tensor y = Tensor.rand(rng, 3, 2);
    GradCheck.verify("bce with logits", in -> BinaryCrossEntropy.withLogits(in[0], in[1]), x, y);
    Tensor p = Tensor.uniform(rng, 0.1f, 0.9f, 4);
    Tensor t = Tensor.rand(rng, 4);
    GradCheck.verify("bce", in -> BinaryCrossEntropy.perExample(in[0], in[1]), p, t);
    Tensor p2 = Tensor.uniform(rng, 0.1f, 0.9f, 2, 3);
    Tensor t2 = Tensor.rand(rng, 2, 3);
    GradCheck.verify("bce rank 2", in -> BinaryCrossEntropy.perExample(in[0], in[1]), p2, t2);
  }

  @Test
  void errors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BinaryCrossEntropy.perExample(Tensor.vector(0.5f, 1.5f), Tensor.vector(0f, 1f)));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BinaryCrossEntropy.withLogits(Tensor.zeros(3), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
  }
}
