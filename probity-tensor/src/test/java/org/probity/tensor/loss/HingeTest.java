package org.probity.tensor.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class HingeTest {
  @Test
  void multiclassMatchesPyTorchMultiMarginExample() {
    // PyTorch's MultiMarginLoss documentation: x = [0.1, 0.2, 0.4, 0.8], y = 3 gives 0.3250.
    Tensor s = Tensor.of(new float[] {0.1f, 0.2f, 0.4f, 0.8f, 0f, 5f, 0f, 0f}, 2, 4);
    Tensor l = Hinge.perExample(s, new int[] {3, 1});
    assertEquals(0.325, l.data()[0], 1e-6);
    assertEquals(0.0, l.data()[1], 1e-7);
  }

  @Test
  void gradCheckMulticlassAwayFromKinks() {
    Tensor s = Tensor.randn(new Rng(3), 4, 5);
    int[] y = {0, 3, 3, 1};
    GradCheck.verify("hinge", in -> Hinge.perExample(in[0], y), s);
  }

  @Test
  void binary() {
    Tensor s = Tensor.vector(2f, 0.5f, -0.25f);
    Tensor y = Tensor.vector(1f, 1f, -1f);
    assertArrayEquals(new float[] {0f, 0.5f, 0.75f}, Hinge.perExample(s, y).data());
    Tensor col = Tensor.of(new float[] {0.3f, -1.7f, 0.9f}, 3, 1);
    GradCheck.verify("binary hinge", in -> Hinge.perExample(in[0], Tensor.vector(-1f, -1f, 1f)), col);
  }

  @Test
  void errors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Hinge.perExample(Tensor.zeros(2, 3), new int[] {3, 0}));
    assertTrue(e.getMessage().contains("label 3") && e.getMessage().contains("position 0")
        && e.getMessage().contains("3 classes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Hinge.perExample(Tensor.zeros(2), Tensor.vector(1f, 0f)));
    assertTrue(e.getMessage().contains("position 1"), e.getMessage());
  }
}
