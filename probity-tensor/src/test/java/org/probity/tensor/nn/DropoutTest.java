package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class DropoutTest {
  @Test
  void evalModeIsIdentity() {
    Dropout d = new Dropout(0.4, new Rng(1));
    d.setTraining(false);
    Tensor x = Tensor.randn(new Rng(2), 3, 4);
    assertSame(x, d.forward(x));
  }

  @Test
  void trainModeZeroesAboutPAndScalesTheRest() {
    double p = 0.3;
    Dropout d = new Dropout(p, new Rng(3));
    Tensor x = Tensor.uniform(new Rng(4), 1f, 2f, 100, 100);
    Tensor y = d.forward(x);
    int zeros = 0;
    for (int i = 0; i < x.size(); i++) {
      if (y.data()[i] == 0f) {
        zeros++;
      } else {
        assertEquals(x.data()[i] / (1 - p), y.data()[i], 1e-5);
      }
    }
    // Binomial(10000, 0.3): standard deviation 46, so ±200 is over four of them.
    assertEquals(3000, zeros, 200);
  }

  @Test
  void seededMasksRepeat() {
    Tensor x = Tensor.ones(50);
    assertArrayEquals(new Dropout(0.5, new Rng(5)).forward(x).data(), new Dropout(0.5, new Rng(5)).forward(x).data());
  }

  @Test
  void backwardUsesTheSameMask() {
    Tensor x = Tensor.randn(new Rng(6), 4, 5);
    GradCheck.verify("dropout", in -> new Dropout(0.4, new Rng(7)).forward(in[0]), x);
  }

  @Test
  void rejectsBadP() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, new Rng(1)));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, new Rng(1)));
  }
}
