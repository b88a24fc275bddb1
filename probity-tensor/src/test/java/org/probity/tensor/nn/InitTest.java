package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class InitTest {
  private static final Shape BIG = Shape.of(300, 200);

  private static double std(Tensor t) {
    double s = 0;
    double sq = 0;
    for (float f : t.data()) {
      s += f;
      sq += f * f;
    }
    double mean = s / t.size();
    assertEquals(0, mean, 0.02 * Math.sqrt(sq / t.size()) + 1e-9, "mean should be about 0");
    return Math.sqrt(sq / t.size() - mean * mean);
  }

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (float f : t.data()) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  @Test
  void fansFollowPyTorch() {
    assertEquals(75, Init.fanIn(Shape.of(8, 3, 5, 5)));
    assertEquals(200, Init.fanOut(Shape.of(8, 3, 5, 5)));
    assertEquals(200, Init.fanIn(BIG));
    assertEquals(300, Init.fanOut(BIG));
  }

  @Test
  void kaimingNormalHasVarianceTwoOverFanIn() {
    Tensor t = Init.kaimingNormal(BIG, 50, new Rng(1));
    assertEquals(Math.sqrt(2.0 / 50), std(t), 0.01 * Math.sqrt(2.0 / 50));
    assertEquals(Math.sqrt(2.0 / 200), std(Init.he(Tensor.zeros(BIG), 200, new Rng(2))), 0.01 * Math.sqrt(0.01));
    assertEquals(Math.sqrt(2.0 / 200), std(Init.kaimingNormal(Tensor.zeros(BIG), new Rng(3))), 0.01 * 0.1);
  }

  @Test
  void kaimingUniformIsBoundedWithTheSameVariance() {
    Tensor t = Init.kaimingUniform(BIG, 24, new Rng(4));
    double bound = Math.sqrt(6.0 / 24);
    assertTrue(maxAbs(t) <= bound && maxAbs(t) > 0.99 * bound);
    assertEquals(Math.sqrt(2.0 / 24), std(t), 0.01 * Math.sqrt(2.0 / 24));
  }

  @Test
  void xavierUniformAndNormal() {
    Tensor u = Init.xavierUniform(BIG, 100, 50, new Rng(5));
    double bound = Math.sqrt(6.0 / 150);
    assertTrue(maxAbs(u) <= bound && maxAbs(u) > 0.99 * bound);
    assertEquals(Math.sqrt(2.0 / 150), std(u), 0.01 * Math.sqrt(2.0 / 150));
    Tensor n = Init.xavierNormal(BIG, 100, 50, new Rng(6));
    assertEquals(Math.sqrt(2.0 / 150), std(n), 0.01 * Math.sqrt(2.0 / 150));
    assertEquals(Math.sqrt(2.0 / 500), std(Init.xavierUniform(Tensor.zeros(BIG), new Rng(7))), 0.01 * Math.sqrt(0.004));
  }

  @Test
  void normalZerosOnesInPlace() {
    Tensor t = Tensor.zeros(BIG);
    assertSame(t, Init.normal(t, 0.5, new Rng(8)));
    assertEquals(0.5, std(t), 0.005);
    assertSame(t, Init.zeros(t));
    assertEquals(0.0, maxAbs(t));
    Init.ones(t);
    assertEquals(1f, t.data()[123]);
  }

  @Test
  void seededAndDeterministic() {
    assertEquals(Init.normal(Shape.of(5), 1, new Rng(9)).data()[4], Init.normal(Shape.of(5), 1, new Rng(9)).data()[4]);
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> Init.kaimingNormal(BIG, 0, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(BIG, -1, new Rng(1)));
  }
}
