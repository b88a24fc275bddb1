package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.optim.Update;
import org.probity.tensor.nn.Params;

class ScaleByYogiTest {
  @Test
  void twoStepsMatchTheFormulaWrittenOutByHand() {
    ScaleByYogi y = new ScaleByYogi(0.9, 0.999, 1e-3, 1e-6);
    Params p = Fixtures.constant(0, 1);
    ScaleByYogi.State s = y.init(p);
    double m = 1e-6;
    double v = 1e-6;
    double[] gs = {0.5, -2.0};
    for (int t = 1; t <= 2; t++) {
      Update<ScaleByYogi.State> u = y.update(Fixtures.constant((float) gs[t - 1], 1), s, p);
      s = u.state();
      double g = gs[t - 1];
      m = 0.9 * m + 0.1 * g;
      v = v - 0.001 * Math.signum(v - g * g) * g * g;
      double expect = (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-3);
      assertEquals(expect, u.updates().flatten().data()[0], 1e-5, "step " + t);
    }
  }

  @Test
  void fedYogiMovesTheGlobalModelAgainstThePseudoGradient() {
    FedYogi s = new FedYogi(ClientSampler.all(), 0.1);
    Params global = Fixtures.constant(0, 2);
    s.initialize(global);
    Params next = s.aggregateFit(1, global, java.util.List.of(new FitReply(0, Fixtures.constant(1, 2), 3,
        java.util.Map.of())));
    assertTrue(next.flatten().data()[0] > 0.05, "moved to " + next.flatten().data()[0]);
  }
}
