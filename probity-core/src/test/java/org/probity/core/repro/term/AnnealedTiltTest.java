package org.probity.core.repro.term;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.core.objective.Tilted;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class AnnealedTiltTest {
  @Test
  void tiltGrowsLinearlyToItsTarget() {
    AnnealedTilt a = new AnnealedTilt(-2.0, 4);
    assertEquals(-0.5, a.tiltAt(0), 1e-12);
    assertEquals(-1.0, a.tiltAt(1), 1e-12);
    assertEquals(-2.0, a.tiltAt(3), 1e-12);
    assertEquals(-2.0, a.tiltAt(10), 1e-12, "stays at the target after the schedule");
  }

  @Test
  void eachStepReducesLikeTiltedAtThatStepsTilt() {
    float[] losses = {0.1f, 2.0f, 0.7f, 5.0f};
    AnnealedTilt a = new AnnealedTilt(-2.0, 3);
    for (int k = 0; k < 3; k++) {
      Tensor l = Tensor.vector(losses.clone()).requiresGrad(true);
      Tensor value;
      try (Tape tape = Tape.start()) {
        value = a.reduce(l, null);
        tape.backward(value);
      }
      double t = -2.0 * (k + 1) / 3;
      // Independent: the tilted risk and its softmax weights written out directly.
      double z = 0;
      for (float v : losses) {
        z += Math.exp(t * v);
      }
      assertEquals(Math.log(z / losses.length) / t, value.item(), 1e-5, "value at step " + k);
      float[] expected = new float[losses.length];
      for (int i = 0; i < losses.length; i++) {
        expected[i] = (float) (Math.exp(t * losses[i]) / z);
      }
      assertArrayEquals(expected, l.grad().data(), 1e-6f, "weights at step " + k);
      assertArrayEquals(new Tilted(t).weights(Tensor.vector(losses.clone())).data(), l.grad().data(), 1e-6f);
    }
    assertEquals(3, a.steps());
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new AnnealedTilt(Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> new AnnealedTilt(-1, 0));
  }
}
