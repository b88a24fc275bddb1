package org.probity.core.dro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class VibAdversaryTest {
  private static int[] labels(int b, Rng rng) {
    int[] y = new int[b];
    for (int i = 0; i < b; i++) {
      y[i] = rng.nextInt(2);
    }
    return y;
  }

  /** KL(N(m, s²) || N(0, 1)) by Simpson's rule on ∫ q log(q/p), independent of the closed form. */
  private static double klByQuadrature(double m, double s) {
    int steps = 4000;
    double lo = m - 12 * s;
    double hi = m + 12 * s;
    double h = (hi - lo) / steps;
    double sum = 0;
    for (int k = 0; k <= steps; k++) {
      double z = lo + k * h;
      double logq = -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * (z - m) * (z - m) / (s * s);
      double logp = -0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
      double f = Math.exp(logq) * (logq - logp);
      sum += f * (k == 0 || k == steps ? 1 : (k % 2 == 1 ? 4 : 2));
    }
    return sum * h / 3;
  }

  @Test
  void klMatchesNumericalIntegrationOfEachGaussian() {
    Rng rng = new Rng(5);
    VibAdversary adv = new VibAdversary(4, 3, 2, 0.3, rng.derive("init"));
    // Move log σ off zero so both terms of the KL are exercised.
    float[] w = adv.params().get("logSigma.weight").data();
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.4 * rng.nextGaussian());
    }
    Tensor x = Tensor.randn(rng.derive("x"), 6, 4);
    float[] kl = adv.kl(x).data();
    float[] m = adv.mean(x).data();
    float[] ls = adv.logStd(x).data();
    for (int i = 0; i < 6; i++) {
      double expected = 0;
      for (int k = 0; k < 3; k++) {
        expected += klByQuadrature(m[i * 3 + k], Math.exp(ls[i * 3 + k]));
      }
      assertEquals(expected, kl[i], 1e-4 * Math.max(1, expected), "example " + i);
    }
  }

  @Test
  void expectedEtaIsCloseToTheMonteCarloMeanOfSampledEta() {
    Rng rng = new Rng(11);
    VibAdversary adv = new VibAdversary(3, 2, 2, 0.2, rng.derive("init"));
    Tensor x = Tensor.randn(rng.derive("x"), 8, 3);
    int[] y = labels(8, rng.derive("y"));
    float[] expected = adv.expectedEta(x, y);
    double[] mc = new double[8];
    int draws = 4000;
    for (int d = 0; d < draws; d++) {
      float[] e = adv.sampleEta(x, y, rng.derive("noise").derive(d)).data();
      for (int i = 0; i < 8; i++) {
        mc[i] += e[i] / draws;
      }
    }
    for (int i = 0; i < 8; i++) {
      // The probit approximation of the logistic-normal mean is good to about 0.02.
      assertEquals(mc[i], expected[i], 0.03, "example " + i);
    }
  }

  @Property(tries = 60)
  void etaLiesInTheUnitInterval(@ForAll long seed, @ForAll @DoubleRange(min = 0.01, max = 1000) double scale,
      @ForAll @DoubleRange(min = 0.01, max = 0.99) double mass) {
    Rng rng = new Rng(seed);
    VibAdversary adv = new VibAdversary(5, 2, 3, mass, rng.derive("init"));
    Tensor x = Tensor.randn(rng.derive("x"), 10, 5).mul((float) scale);
    int[] y = new int[10];
    for (int i = 0; i < 10; i++) {
      y[i] = rng.nextInt(3);
    }
    for (float e : adv.sampleEta(x, y, rng.derive("noise")).data()) {
      assertTrue(e >= 0 && e <= 1, "sampled eta " + e);
    }
    for (float e : adv.expectedEta(x, y)) {
      assertTrue(e >= 0 && e <= 1, "expected eta " + e);
    }
    for (float k : adv.kl(x).data()) {
      assertTrue(k >= -1e-3 && Float.isFinite(k), "kl " + k);
    }
  }

  @Test
  void startsAtTheInitialMassAndRejectsBadInput() {
    VibAdversary adv = new VibAdversary(2, 2, 2, 0.25, new Rng(1));
    assertEquals(0.25, 1 / (1 + Math.exp(-adv.params().get("bias").data()[0])), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> new VibAdversary(0, 2, 2, 0.2, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> new VibAdversary(2, 2, 2, 1.0, new Rng(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> adv.expectedEta(Tensor.zeros(2, 2), new int[] {0, 2}));
    assertTrue(e.getMessage().contains("label 2"));
    e = assertThrows(IllegalArgumentException.class, () -> adv.kl(Tensor.zeros(2, 3)));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
  }
}
