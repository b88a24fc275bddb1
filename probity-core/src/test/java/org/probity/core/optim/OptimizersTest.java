package org.probity.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.nn.Params;

/** First steps of each optimiser against closed forms computed here in double. */
class OptimizersTest {
  private static final float[] G1 = {0.5f, -2f, 3f, 0.01f, -0.25f, 1.5f};
  private static final float[] G2 = {-1f, 0.5f, 2f, -0.3f, 0.75f, 0f};
  private static final float[] G3 = {0.2f, 0.2f, -4f, 1f, 0.1f, -0.6f};
  private static final float[] X0 = {1f, -1f, 0.5f, 2f, 0f, -3f};

  /** Runs the transform over the gradients, returning the updates of each step. */
  private static double[][] run(GradientTransform<?> tx, float[]... grads) {
    @SuppressWarnings("unchecked")
    GradientTransform<Object> t = (GradientTransform<Object>) tx;
    Params params = P.of(X0);
    Object state = t.init(params);
    double[][] out = new double[grads.length][];
    for (int s = 0; s < grads.length; s++) {
      Update<Object> u = t.update(P.of(grads[s]), state, params);
      out[s] = P.values(u.updates());
      state = u.state();
    }
    return out;
  }

  private static void close(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = 1e-6 * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
    }
  }

  @Test
  void sgdEmitsMinusLrTimesGradient() {
    double lr = 0.3;
    double[][] u = run(Optimizers.sgd(lr), G1, G2);
    double[] e1 = new double[G1.length];
    double[] e2 = new double[G1.length];
    for (int i = 0; i < G1.length; i++) {
      e1[i] = -lr * G1[i];
      e2[i] = -lr * G2[i];
    }
    close(e1, u[0], "step 1");
    close(e2, u[1], "step 2");
  }

  @Test
  void momentumAccumulatesTheTrace() {
    double lr = 0.1;
    double b = 0.9;
    double[][] u = run(Optimizers.momentum(lr, b), G1, G2, G3);
    for (int i = 0; i < G1.length; i++) {
      double t1 = G1[i];
      double t2 = G2[i] + b * t1;
      double t3 = G3[i] + b * t2;
      assertEquals(-lr * t1, u[0][i], 1e-6);
      assertEquals(-lr * t2, u[1][i], 1e-6);
      assertEquals(-lr * t3, u[2][i], 1e-6);
    }
  }

  @Test
  void nesterovLooksAhead() {
    double lr = 0.1;
    double b = 0.9;
    double[][] u = run(Optimizers.nesterov(lr, b), G1, G2, G3);
    for (int i = 0; i < G1.length; i++) {
      double t1 = G1[i];
      double t2 = G2[i] + b * t1;
      double t3 = G3[i] + b * t2;
      assertEquals(-lr * (G1[i] + b * t1), u[0][i], 1e-6);
      assertEquals(-lr * (G2[i] + b * t2), u[1][i], 1e-6);
      assertEquals(-lr * (G3[i] + b * t3), u[2][i], 1e-6);
    }
  }

  @Test
  void adamFirstStepIsLrTimesSignLikeAndLaterStepsFollowTheMoments() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double[][] u = run(Optimizers.adam(lr), G1, G2, G3);
    double[] m = new double[G1.length];
    double[] v = new double[G1.length];
    float[][] gs = {G1, G2, G3};
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < G1.length; i++) {
        double g = gs[s][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mh = m[i] / (1 - Math.pow(b1, s + 1));
        double vh = v[i] / (1 - Math.pow(b2, s + 1));
        double expected = -lr * mh / (Math.sqrt(vh) + eps);
        if (s == 0) {
          assertEquals(-lr * g / (Math.abs(g) + eps), expected, 1e-12, "closed form of the first step");
        }
        assertEquals(expected, u[s][i], 1e-6 * lr, "step " + (s + 1) + " [" + i + "]");
      }
    }
  }

  @Test
  void adamwAddsDecoupledDecayBeforeTheLearningRate() {
    double lr = 0.05;
    double wd = 0.1;
    double eps = 1e-8;
    double[][] u = run(Optimizers.adamw(lr, 0.9, 0.999, eps, wd), G1);
    for (int i = 0; i < G1.length; i++) {
      double g = G1[i];
      assertEquals(-lr * (g / (Math.abs(g) + eps) + wd * X0[i]), u[0][i], 1e-7, "[" + i + "]");
    }
    // And the decay does not pass through Adam's scaling: with a zero gradient the step is -lr·wd·x.
    double[][] z = run(Optimizers.adamw(lr, 0.9, 0.999, eps, wd), new float[6]);
    for (int i = 0; i < G1.length; i++) {
      assertEquals(-lr * wd * X0[i], z[0][i], 1e-7);
    }
  }

  @Test
  void rmspropDividesByTheRootOfTheMovingSquare() {
    double lr = 0.01;
    double d = 0.9;
    double eps = 1e-8;
    double[][] u = run(Optimizers.rmsprop(lr, d, eps), G1, G2);
    for (int i = 0; i < G1.length; i++) {
      double nu1 = (1 - d) * G1[i] * G1[i];
      double nu2 = d * nu1 + (1 - d) * G2[i] * G2[i];
      assertEquals(-lr * G1[i] / Math.sqrt(nu1 + eps), u[0][i], 1e-6);
      assertEquals(-lr * G2[i] / Math.sqrt(nu2 + eps), u[1][i], 1e-6);
    }
  }

  @Test
  void adagradDividesByTheRootOfTheSumOfSquares() {
    double lr = 0.1;
    double eps = 1e-7;
    double[][] u = run(Optimizers.adagrad(lr, eps), G1, G2);
    for (int i = 0; i < G1.length; i++) {
      double s1 = 0.1 + G1[i] * G1[i];
      double s2 = s1 + G2[i] * G2[i];
      assertEquals(-lr * G1[i] / Math.sqrt(s1 + eps), u[0][i], 1e-6);
      assertEquals(-lr * G2[i] / Math.sqrt(s2 + eps), u[1][i], 1e-6);
    }
    // With no initial accumulator and a zero gradient the output is 0, not NaN.
    double[][] z = run(Optimizers.adagrad(lr, 0.0, eps), new float[6]);
    close(new double[6], z[0], "zero accumulator");
  }

  @Test
  void scheduledLearningRatesFollowTheSchedule() {
    Schedule s = Schedules.step(1.0, 1, 0.5);
    double[][] u = run(Optimizers.sgd(s), G1, G1, G1);
    for (int step = 0; step < 3; step++) {
      for (int i = 0; i < G1.length; i++) {
        assertEquals(-Math.pow(0.5, step) * G1[i], u[step][i], 1e-6);
      }
    }
    double[][] a = run(Optimizers.adam(Schedules.constant(0.01)), G1, G2);
    double[][] b = run(Optimizers.adam(0.01), G1, G2);
    close(b[1], a[1], "adam with a constant schedule");
  }

  @Test
  void statesAreValuesThatCanBeReplayed() {
    GradientTransform<List<Object>> tx = Optimizers.adam(0.1);
    Params params = P.of(X0);
    List<Object> s0 = tx.init(params);
    Params g = P.of(G1);
    float[] gBefore = P.copy(g);
    Update<List<Object>> a = tx.update(g, s0, params);
    Update<List<Object>> b = tx.update(g, s0, params); // the same old state again
    assertArrayEquals(P.copy(a.updates()), P.copy(b.updates()));
    assertArrayEquals(gBefore, P.copy(g), "gradients untouched");
    assertNotSame(s0, a.state());
    ScaleByAdam.State first = (ScaleByAdam.State) s0.get(0);
    assertEquals(0, first.count());
    assertArrayEquals(new float[6], P.copy(first.mu()), "the initial state was not mutated");
    assertEquals(1, ((ScaleByAdam.State) a.state().get(0)).count());
    assertThrows(UnsupportedOperationException.class, () -> a.state().add("x"));
  }

  @Test
  void optimizerWrapperStepsAndRestores() {
    Params params = P.of(X0);
    Optimizer opt = new Optimizer(Optimizers.momentum(0.1, 0.5), params);
    opt.step(P.of(G1));
    Object saved = opt.state();
    float[] afterOne = P.copy(params);
    opt.step(P.of(G2));
    float[] afterTwo = P.copy(params);
    params.assign(P.of(afterOne));
    opt.restore(saved);
    opt.step(P.of(G2));
    assertArrayEquals(afterTwo, P.copy(params), "restoring the state replays the step exactly");
    assertEquals(3, opt.steps());
  }

  @Test
  void badHyperParametersNameTheParameterAndValue() {
    assertMessage(() -> Optimizers.sgd(-0.1), "sgd", "learning rate", "-0.1");
    assertMessage(() -> Optimizers.sgd(Double.NaN), "sgd", "learning rate", "NaN");
    assertMessage(() -> Optimizers.momentum(0.1, 1.0), "momentum", "beta", "1.0");
    assertMessage(() -> Optimizers.nesterov(0.1, -0.1), "nesterov", "beta", "-0.1");
    assertMessage(() -> Optimizers.adam(0.1, 0.9, 1.0, 1e-8), "adam", "b2", "1.0");
    assertMessage(() -> Optimizers.adam(0.1, Double.NaN, 0.999, 1e-8), "adam", "b1", "NaN");
    assertMessage(() -> Optimizers.adam(0.1, 0.9, 0.999, 0), "adam", "eps", "0.0");
    assertMessage(() -> Optimizers.adamw(0.1, 0.9, 0.999, 1e-8, -1), "adamw", "weightDecay", "-1.0");
    assertMessage(() -> Optimizers.rmsprop(0.1, 1.5, 1e-8), "rmsprop", "decay", "1.5");
    assertMessage(() -> Optimizers.adagrad(0.1, -1e-7), "adagrad", "eps", "-1.0E-7");
    assertMessage(() -> Transforms.clipByGlobalNorm(0), "clipByGlobalNorm", "maxNorm", "0.0");
    assertMessage(() -> Transforms.scale(Double.POSITIVE_INFINITY), "scale", "factor", "Infinity");
    // A schedule that goes negative fails at the step where it does.
    GradientTransform<List<Object>> bad = Optimizers.sgd(step -> step < 1 ? 0.1 : -0.1);
    Params p = P.of(X0);
    List<Object> s = bad.update(P.of(G1), bad.init(p), p).state();
    assertMessage(() -> bad.update(P.of(G1), s, p), "sgd", "-0.1", "step 1");
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String part : parts) {
      assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should contain '" + part + "'");
    }
  }
}
