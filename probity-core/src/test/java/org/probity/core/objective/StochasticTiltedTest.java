package org.probity.core.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/** Per-example stochastic TERM: its running normaliser and the weights it hands to the losses. */
class StochasticTiltedTest {
  private static final float[] B1 = {0.5f, 1.5f, 3.0f, 0.1f};
  private static final float[] B2 = {2.0f, 0.2f, 0.9f};

  private static double meanExp(float[] l, double t) {
    double s = 0;
    for (float v : l) {
      s += Math.exp(t * v);
    }
    return s / l.length;
  }

  @Test
  void lambdaOneIsBatchTerm() {
    StochasticTilted st = new StochasticTilted(-1.5, 1.0);
    Tilted batch = new Tilted(-1.5);
    for (float[] b : new float[][] {B1, B2}) {
      assertEquals(batch.reduce(Tensor.vector(b), null).item(), st.reduce(Tensor.vector(b), null).item(), 1e-6);
      assertArrayEquals(batch.lastWeights(), st.lastWeights(), 1e-6f);
    }
  }

  @Test
  void runningNormaliserIsAnEmaAndWeightsUseIt() {
    double t = 2;
    double lambda = 0.25;
    StochasticTilted st = new StochasticTilted(t, lambda);
    st.reduce(Tensor.vector(B1), null);
    double s = meanExp(B1, t);
    assertEquals(Math.log(s), st.logNormaliser(), 1e-12, "the first batch starts the estimate");
    Tensor loss = Tensor.vector(B2).requiresGrad(true);
    float value;
    try (Tape tape = Tape.start()) {
      Tensor r = st.reduce(loss, null);
      value = r.item();
      tape.backward(r);
    }
    s = (1 - lambda) * s + lambda * meanExp(B2, t);
    assertEquals(Math.log(s) / t, value, 1e-6);
    assertEquals(Math.log(s) / t, st.runningRisk(), 1e-12);
    for (int i = 0; i < B2.length; i++) {
      assertEquals(Math.exp(t * B2[i]) / s / B2.length, loss.grad().data()[i], 1e-6, "weight " + i);
    }
    st.reset();
    assertEquals(Double.NaN, st.logNormaliser());
  }

  @Test
  void zeroTiltIsTheMean() {
    StochasticTilted st = new StochasticTilted(0, 0.1);
    assertEquals((0.5 + 1.5 + 3.0 + 0.1) / 4, st.reduce(Tensor.vector(B1), null).item(), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> new StochasticTilted(1, 0));
    assertEquals("stochasticTilted(t=-2,lambda=0.1)", new StochasticTilted(-2, 0.1).name());
  }
}
