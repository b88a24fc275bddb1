package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.optim.Optimizer;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;

/** AdaDPS reduces to SGD without privacy, and preconditions before clipping with its side information. */
class AdaDpsTest {
  private static final double[] SCALES = {5, 0.2, 1};

  @Test
  void withoutNoiseClippingOrSideInformationItIsSgd() {
    Rng rng = new Rng(12);
    Tensor x = Fixtures.randomX(48, 5, rng.derive("x"));
    float[] y = Fixtures.randomLabels(48, rng.derive("y"));
    Linear a = new Linear(5, 1, rng.derive("init"));
    Linear b = new Linear(5, 1, rng.derive("init"));
    int batch = 8;
    int steps = 30;
    double lr = 0.3;
    AdaDps ada = AdaDps.sgd(new Privatizer(Double.POSITIVE_INFINITY, 0, batch), null, 0, lr, new Rng(5));
    Fixtures.train(ada, a, x, y, batch, steps);
    // Plain SGD on the mean loss through the ordinary tape and the core optimiser.
    Optimizer sgd = new Optimizer(Optimizers.sgd(lr), b.params());
    for (int t = 0; t < steps; t++) {
      int start = (t * batch) % (48 - batch + 1);
      Tensor xb = Tensor.wrap(java.util.Arrays.copyOfRange(x.data(), start * 5, (start + batch) * 5), Shape.of(batch, 5));
      float[] yb = java.util.Arrays.copyOfRange(y, start, start + batch);
      b.params().zeroGrad();
      try (Tape tape = Tape.start()) {
        tape.backward(Fixtures.logisticLosses(b, xb, yb).mean());
      }
      sgd.step();
    }
    for (int j = 0; j < 5; j++) {
      assertEquals(b.weight().data()[j], a.weight().data()[j], 1e-5, "weight " + j);
    }
    assertEquals(b.bias().data()[0], a.bias().data()[0], 1e-5);
    assertTrue(Math.abs(a.weight().data()[0] - new Linear(5, 1, rng.derive("init")).weight().data()[0]) > 1e-3,
        "the runs actually moved");
  }

  @Test
  void dividesBySideInformationPlusOffsetBeforeClipping() {
    Params side = PrivatizerTest.divisor(new float[] {1f, 0.01f, 1f, 0.01f, 0.5f, 2f}, new float[] {1f, 0.1f});
    double offset = 1e-3;
    double lr = 0.2;
    Rng noise = new Rng(8);
    AdaDps ada = AdaDps.sgd(new Privatizer(0.5, 0.7, 8), side, offset, lr, noise);
    Params params = Fixtures.params(2, 3);
    AdaDps.State s = ada.init(params);
    Rng data = new Rng(3);
    double[][] div = NaiveRelease.arrays(side);
    for (double[] row : div) {
      for (int j = 0; j < row.length; j++) {
        row[j] += offset;
      }
    }
    for (int t = 0; t < 3; t++) {
      PerExampleGradients g = Fixtures.randomGrads(8, 2, 3, SCALES, data.derive(t));
      Update<AdaDps.State> u = ada.update(g, s, params);
      double[][] want = NaiveRelease.release(g, div, 0.5, 0.7, 8, noise, t);
      for (double[] row : want) {
        for (int j = 0; j < row.length; j++) {
          row[j] *= -lr;
        }
      }
      NaiveRelease.assertClose(want, u.updates(), 1e-4, "AdaDPS update at step " + t);
      s = u.state();
    }
    assertEquals(3, s.step());
  }

  @Test
  void publicSideInformationIsTheRootMeanSquareGradient() {
    Params g1 = PrivatizerTest.divisor(new float[] {1, -2, 0, 3, 0.5f, -1}, new float[] {4, 0});
    Params g2 = PrivatizerTest.divisor(new float[] {3, 2, 0, -1, 0.5f, 1}, new float[] {0, 0});
    double eps = 1e-2;
    Params a = AdaDps.fromPublicGradients(List.of(g1, g2), eps);
    float[] w1 = g1.get("w").data();
    float[] w2 = g2.get("w").data();
    for (int j = 0; j < 6; j++) {
      assertEquals(Math.sqrt((w1[j] * w1[j] + w2[j] * w2[j]) / 2.0 + eps), a.get("w").data()[j], 1e-6);
    }
    assertEquals(Math.sqrt(8 + eps), a.get("b").data()[0], 1e-6);
    assertEquals(Math.sqrt(eps), a.get("b").data()[1], 1e-7);
  }

  @Test
  void newSideInformationTakesEffectFromTheNextStep() {
    Params params = Fixtures.params(2, 3);
    AdaDps ada = AdaDps.sgd(new Privatizer(100, 0, 1), null, 0, 1.0, new Rng(1));
    AdaDps.State s = ada.init(params);
    Params twos = PrivatizerTest.divisor(new float[] {2, 2, 2, 2, 2, 2}, new float[] {2, 2});
    s = ada.withSideInformation(s, twos);
    PerExampleGradients g = Fixtures.randomGrads(1, 2, 3, SCALES, new Rng(4));
    Params u = ada.update(g, s, params).updates();
    for (int j = 0; j < 6; j++) {
      assertEquals(-g.byName().get("w").data()[j] / 2.0, u.get("w").data()[j], 1e-6);
    }
  }

  @Test
  void rejectsNonPositiveSideInformation() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.vector(1f, 0f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AdaDps.sgd(new Privatizer(1, 1, 8), new Params(m), 0, 0.1, new Rng(1)));
    assertTrue(e.getMessage().contains("side information 'w' has 0.0 at flat position 1"), e.getMessage());
  }
}
