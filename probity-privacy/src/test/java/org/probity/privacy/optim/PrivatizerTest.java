package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** The shared release (precondition → clip → sum → noise → divide) against naive loops. */
class PrivatizerTest {
  private static final double[] SCALES = {5, 0.2, 1};

  @Test
  void matchesANaiveComputationWithPreconditionerAndNoise() {
    int b = 6;
    PerExampleGradients g = Fixtures.randomGrads(b, 2, 3, SCALES, new Rng(3));
    Params divisor = divisor(new float[] {2f, 0.1f, 1f, 0.5f, 3f, 0.25f}, new float[] {1.5f, 0.75f});
    double c = 0.8;
    double sigma = 0.6;
    double expected = 5.5;
    Params out = new Privatizer(c, sigma, expected).privatize(g, divisor, new Rng(11), 4);

    float[] w = g.byName().get("w").data();
    float[] bb = g.byName().get("b").data();
    float[] dw = divisor.get("w").data();
    float[] db = divisor.get("b").data();
    double[] sumW = new double[6];
    double[] sumB = new double[2];
    for (int i = 0; i < b; i++) {
      double sq = 0;
      for (int j = 0; j < 6; j++) {
        double v = w[i * 6 + j] / dw[j];
        sq += v * v;
      }
      for (int j = 0; j < 2; j++) {
        double v = bb[i * 2 + j] / db[j];
        sq += v * v;
      }
      double f = Math.min(1, c / Math.sqrt(sq));
      for (int j = 0; j < 6; j++) {
        sumW[j] += f * w[i * 6 + j] / dw[j];
      }
      for (int j = 0; j < 2; j++) {
        sumB[j] += f * bb[i * 2 + j] / db[j];
      }
    }
    double[][] z = NaiveRelease.standardNormals(g, new Rng(11), 4);
    for (int j = 0; j < 6; j++) {
      double want = (sumW[j] + sigma * c * z[0][j]) / expected;
      assertEquals(want, out.get("w").data()[j], 1e-5, "w[" + j + "]");
    }
    for (int j = 0; j < 2; j++) {
      double want = (sumB[j] + sigma * c * z[1][j]) / expected;
      assertEquals(want, out.get("b").data()[j], 1e-5, "b[" + j + "]");
    }
    assertEquals(Shape.of(2, 3), out.get("w").shape());
  }

  @Test
  void everyPreconditionedExampleIsClippedToC() {
    Rng rng = new Rng(5);
    Params divisor = divisor(new float[] {1e-3f, 1f, 0.01f, 10f, 1e-4f, 1f}, new float[] {1f, 1e-2f});
    for (int trial = 0; trial < 200; trial++) {
      PerExampleGradients one = Fixtures.randomGrads(1, 2, 3, SCALES, rng.derive(trial));
      double c = 0.05 + 3 * rng.nextDouble();
      Params out = new Privatizer(c, 0, 1).privatize(one, divisor, new Rng(0), 0);
      double pre = Fixtures.norm(ParamMathTestAccess.divide(one, divisor));
      double got = Fixtures.norm(out);
      assertTrue(got <= c * (1 + 1e-6), "norm " + got + " exceeds C " + c);
      assertEquals(Math.min(pre, c), got, 1e-5 * Math.max(1, pre), "a gradient within C is left alone, others land on C");
    }
  }

  @Test
  void noiseHasStdSigmaCOverBatch() {
    PerExampleGradients empty = PerExampleGradients.empty(Fixtures.params(50, 40));
    Privatizer p = new Privatizer(0.5, 1.3, 64);
    Rng root = new Rng(9);
    double s = 0;
    double s2 = 0;
    long n = 0;
    for (int t = 0; t < 10; t++) {
      for (Tensor x : p.privatize(empty, root, t).byName().values()) {
        for (float v : x.data()) {
          s += v;
          s2 += (double) v * v;
          n++;
        }
      }
    }
    double mean = s / n;
    double std = Math.sqrt(s2 / n - mean * mean);
    double want = 1.3 * 0.5 / 64;
    // 20,500 draws: the sample std is within 2% of the truth with overwhelming probability (sd ≈ 0.5%).
    assertEquals(want, std, 0.02 * want);
    assertEquals(0, mean, 4 * want / Math.sqrt(n));
  }

  @Test
  void infiniteClipWithoutNoiseIsTheMean() {
    PerExampleGradients g = Fixtures.randomGrads(4, 2, 3, SCALES, new Rng(2));
    Params out = new Privatizer(Double.POSITIVE_INFINITY, 0, 4).privatize(g, new Rng(0), 0);
    Params mean = g.mean();
    for (String k : mean.names()) {
      for (int j = 0; j < mean.get(k).size(); j++) {
        assertEquals(mean.get(k).data()[j], out.get(k).data()[j], 1e-6);
      }
    }
  }

  @Test
  void rejectsBadSettingsWithTheValue() {
    assertMessage(() -> new Privatizer(0, 1, 64), "clip norm must be positive, got 0.0");
    assertMessage(() -> new Privatizer(1, -0.5, 64), "noise multiplier must be finite and >= 0, got -0.5");
    assertMessage(() -> new Privatizer(Double.POSITIVE_INFINITY, 1, 64), "infinite clip norm needs noise multiplier 0");
    assertMessage(() -> new Privatizer(1, 1, 0), "expected batch size must be positive and finite, got 0.0");
    PerExampleGradients g = Fixtures.randomGrads(2, 2, 3, SCALES, new Rng(2));
    Params wrong = divisor(new float[] {1, 1, 1}, new float[] {1, 1});
    assertThrows(IllegalArgumentException.class, () -> new Privatizer(1, 0, 2).privatize(g, wrong, new Rng(0), 0));
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(part), ex.getMessage());
  }

  static Params divisor(float[] w, float[] b) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", w.length == 6 ? Tensor.wrap(w, Shape.of(2, 3)) : Tensor.vector(w));
    m.put("b", Tensor.vector(b));
    return new Params(m);
  }
}
