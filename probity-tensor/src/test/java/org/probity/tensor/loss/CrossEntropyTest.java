package org.probity.tensor.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class CrossEntropyTest {
  @Test
  void uniformLogitsGiveLogC() {
    Tensor l = CrossEntropy.perExample(Tensor.full(3.7f, Shape.of(2, 5)), new int[] {0, 4});
    assertEquals(Shape.of(2), l.shape());
    assertEquals(Math.log(5), l.data()[0], 1e-6);
    assertEquals(Math.log(5), l.data()[1], 1e-6);
    // Smoothing changes nothing when every class is equally likely.
    assertEquals(Math.log(5), CrossEntropy.perExample(Tensor.zeros(1, 5), new int[] {2}, 0.3).item(), 1e-6);
  }

  @Test
  void handComputedValueWithAndWithoutSmoothing() {
    float[] z = {1f, 2f, 3f};
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    Tensor logits = Tensor.of(z, 1, 3);
    assertEquals(lse - 1, CrossEntropy.perExample(logits, new int[] {0}).item(), 1e-6);
    double eps = 0.1;
    double expected = (1 - eps) * (lse - 3) + eps * ((lse - 1) + (lse - 2) + (lse - 3)) / 3;
    assertEquals(expected, CrossEntropy.perExample(logits, new int[] {2}, eps).item(), 1e-6);
  }

  @Test
  void stableForHugeLogits() {
    Tensor l = CrossEntropy.perExample(Tensor.of(new float[] {1000f, 0f, -1000f}, 1, 3), new int[] {1});
    assertEquals(1000, l.item(), 1e-3);
  }

  @Test
  void gradCheck() {
    Tensor x = Tensor.randn(new Rng(1), 4, 5);
    int[] y = {1, 0, 4, 4};
    GradCheck.verify("crossEntropy", in -> CrossEntropy.perExample(in[0], y), x);
    GradCheck.verify("crossEntropy smoothed", in -> CrossEntropy.perExample(in[0], y, 0.2), x);
  }

  @Test
  void badLabelsNameLabelPositionAndClassCount() {
    Tensor x = Tensor.zeros(3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CrossEntropy.perExample(x, new int[] {0, 1, 4}));
    assertTrue(e.getMessage().contains("label 4") && e.getMessage().contains("position 2")
        && e.getMessage().contains("4 classes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.perExample(x, new int[] {-1, 0, 0}));
    assertTrue(e.getMessage().contains("label -1") && e.getMessage().contains("position 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.perExample(x, new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.perExample(Tensor.zeros(4), new int[] {0}));
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.perExample(x, new int[] {0, 0, 0}, 1.5));
  }
}
