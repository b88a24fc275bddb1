package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class ActivationsTest {
  /** erf(x) from CPython's math.erf (double precision). */
  private static final double[][] ERF = {
      {0.01, 0.011283415555849616}, {0.1, 0.1124629160182849}, {0.3, 0.3286267594591274},
      {0.5, 0.5204998778130465}, {0.8, 0.7421009647076605}, {1, 0.8427007929497149},
      {1.5, 0.9661051464753108}, {2, 0.9953222650189527}, {2.5, 0.999593047982555},
      {3, 0.9999779095030014}, {4, 0.9999999845827421}, {-0.2, -0.22270258921047847},
      {-1.2, -0.9103139782296353}, {-2.7, -0.9998656672600594},
  };

  /** erfc(x) from CPython's math.erfc: the tail, where only a relative bound is meaningful. */
  private static final double[][] ERFC = {
      {1, 0.15729920705028513}, {2, 0.004677734981047265}, {3, 2.2090496998585438e-05},
      {4, 1.541725790028002e-08}, {5, 1.5374597944280351e-12}, {6, 2.1519736712498916e-17},
      {8, 1.1224297172982928e-29}, {10, 2.088487583762545e-45},
  };

  @Test
  void erfMatchesKnownValuesWithin1point5e7() {
    for (double[] r : ERF) {
      assertEquals(r[1], Activations.erf(r[0]), 1.5e-7, "erf(" + r[0] + ")");
      assertEquals(-r[1], Activations.erf(-r[0]), 1.5e-7, "erf(" + -r[0] + ")");
    }
    assertEquals(0.0, Activations.erf(0.0), 0.0);
    // The series keeps tiny arguments accurate relative to their size.
    assertEquals(1.1283791670955126e-6, Activations.erf(1e-6), 1e-15);
  }

  @Test
  void erfMatchesSimpsonIntegrationOnAGrid() {
    // erf x = 2/sqrt(pi) ∫_0^x exp(-t^2) dt, by composite Simpson with 2000 panels (error ~1e-14).
    double maxErr = 0;
    for (double x = -4; x <= 4.0001; x += 0.05) {
      int m = 2000;
      double h = x / m;
      double s = 1 + Math.exp(-x * x);
      for (int i = 1; i < m; i++) {
        double t = i * h;
        s += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
      }
      double ref = s * h / 3 * 2 / Math.sqrt(Math.PI);
      maxErr = Math.max(maxErr, Math.abs(Activations.erf(x) - ref));
    }
    assertTrue(maxErr <= 1.5e-7, "max |erf - reference| = " + maxErr);
  }

  @Test
  void erfcIsRelativelyAccurateInTheTail() {
    for (double[] r : ERFC) {
      double rel = Math.abs(Activations.erfc(r[0]) - r[1]) / r[1];
      assertTrue(rel <= 1.5e-7, "erfc(" + r[0] + ") relative error " + rel);
      assertEquals(2 - r[1], Activations.erfc(-r[0]), 1.5e-7);
    }
    // Phi(-8) = 6.2e-16: 1 + erf(-8/sqrt 2) would give 0 or noise here.
    assertEquals(6.220960574271819e-16, Activations.normalCdf(-8), 6.220960574271819e-16 * 1.5e-7);
    assertEquals(0.5, Activations.normalCdf(0), 1e-15);
    assertEquals(1.0, Activations.erfc(0), 1e-15);
  }

  @Test
  void geluMatchesTheExactForm() {
    float[] x = {-3f, -1f, -0.5f, 0.5f, 1f, 2f};
    double[] ref = {-0.004049694094890287, -0.15865525393145707, -0.15426876936299344,
        0.34573123063700656, 0.8413447460685429, 1.9544997361036416};
    float[] y = Activations.gelu(Tensor.vector(x)).data();
    for (int i = 0; i < x.length; i++) {
      assertEquals(ref[i], y[i], 2e-7 * Math.max(1, Math.abs(ref[i])), "gelu(" + x[i] + ")");
    }
    float[] far = Activations.gelu(Tensor.vector(-40f, 40f)).data();
    assertEquals(0f, far[0], 1e-30f);
    assertEquals(40f, far[1]);
  }

  @Test
  void sigmoidIsStableForLargeInputs() {
    float[] x = {-1e4f, -80f, -20f, 0f, 20f, 80f, 1e4f};
    float[] y = Activations.sigmoid(Tensor.vector(x)).data();
    for (int i = 0; i < x.length; i++) {
      double e = 1 / (1 + Math.exp(-(double) x[i]));
      assertTrue(!Float.isNaN(y[i]), "sigmoid(" + x[i] + ") is NaN");
      assertEquals(e, y[i], Math.max(1e-7 * e, 1e-45), "sigmoid(" + x[i] + ")");
    }
    assertTrue(y[1] > 0f, "sigmoid(-80) underflowed to " + y[1]);
  }

  @Test
  void tanhAndReluValues() {
    Tensor x = Tensor.vector(-2f, -0.3f, 0f, 0.4f, 5f);
    float[] t = Activations.tanh(x).data();
    for (int i = 0; i < x.size(); i++) {
      assertEquals(Math.tanh(x.data()[i]), t[i], 1e-7);
    }
    assertArrayEquals(new float[] {0f, 0f, 0f, 0.4f, 5f}, Activations.relu(x).data());
    assertTrue(Float.isNaN(Activations.relu(Tensor.vector(Float.NaN)).item()));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Rng rng = new Rng(31);
    GradCheck.verify("tanh", in -> Activations.tanh(in[0]), Tensor.randn(rng, 3, 4));
    GradCheck.verify("sigmoid", in -> Activations.sigmoid(in[0]), Tensor.uniform(rng, -4f, 4f, 3, 4));
    GradCheck.verify("relu", in -> Activations.relu(in[0]), RefMath.signed(rng, 0.1f, 2f, 3, 4));
    GradCheck.verify("gelu", in -> Activations.gelu(in[0]), Tensor.uniform(rng, -3.5f, 3.5f, 3, 4));
    GradCheck.verify("gelu rank-0", in -> Activations.gelu(in[0]), Tensor.scalar(-0.7f));
  }

  @Test
  void reluGradientIsZeroAtZeroAndBelow() {
    Tensor x = Tensor.vector(-1f, 0f, 2f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Activations.relu(x)));
    }
    assertArrayEquals(new float[] {0f, 0f, 1f}, x.grad().data());
  }
}
