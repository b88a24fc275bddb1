package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;

/** The engine's per-example gradients against the closed form of the logistic loss, (σ(z_i) − y_i)·x_i. */
class PerExampleGradientsTest {
  @Test
  void logisticGradientsMatchClosedForm() {
    Rng rng = new Rng(7);
    int n = 5;
    int d = 4;
    Linear model = new Linear(d, 1, rng.derive("init"));
    Tensor x = Fixtures.randomX(n, d, rng.derive("x"));
    float[] y = Fixtures.randomLabels(n, rng.derive("y"));
    PerExampleGradients g = PerExampleGradients.compute(model.params(), () -> Fixtures.logisticLosses(model, x, y));
    assertEquals(n, g.batchSize());
    float[] w = model.weight().data();
    float b = model.bias().data()[0];
    float[] gw = g.byName().get("weight").data();
    float[] gb = g.byName().get("bias").data();
    assertEquals(n * d, gw.length);
    for (int i = 0; i < n; i++) {
      double z = b;
      for (int j = 0; j < d; j++) {
        z += w[j] * x.data()[i * d + j];
      }
      double r = 1 / (1 + Math.exp(-z)) - y[i];
      assertEquals(r, gb[i], 1e-6, "bias gradient of example " + i);
      for (int j = 0; j < d; j++) {
        assertEquals(r * x.data()[i * d + j], gw[i * d + j], 1e-5, "weight gradient " + i + "," + j);
      }
    }
    // The summed backward must not leave a clean batch gradient behind on the parameters.
    assertNull(model.weight().grad());
  }

  @Test
  void meanIsTheBatchAverage() {
    PerExampleGradients g = Fixtures.randomGrads(3, 2, 2, new double[] {1, 1}, new Rng(1));
    float[] per = g.byName().get("w").data();
    float[] mean = g.mean().get("w").data();
    for (int j = 0; j < 4; j++) {
      assertEquals((per[j] + per[4 + j] + per[8 + j]) / 3.0, mean[j], 1e-6);
    }
  }

  @Test
  void rejectsALossThatIsNotPerExample() {
    Linear model = new Linear(2, 1, new Rng(1));
    Tensor x = Fixtures.randomX(3, 2, new Rng(2));
    float[] y = {0, 1, 0};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PerExampleGradients.compute(model.params(), () -> Fixtures.logisticLosses(model, x, y).mean()));
    assertEquals(true, e.getMessage().contains("per-example losses"), e.getMessage());
  }
}
