package org.probity.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.analysis.BoundedGaussianRdp;
import org.probity.tensor.Rng;

class RectifiedGaussianTest {
  @Test
  void samplesAreClampedWithTheRightAtomsAndMean() {
    int n = 100_000;
    Rng rng = new Rng(5);
    // (c, σ, Δ, a)
    double[][] cases = {{0, 2, 1, 2}, {3, 2, 1, 3}, {-9, 1, 1, 1}, {7.5, 200, 0.01, 6}};
    for (double[] k : cases) {
      RectifiedGaussian m = new RectifiedGaussian(k[1], k[2], k[3]);
      double s = m.noiseStd();
      double a = k[3];
      int low = 0;
      int high = 0;
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double x = m.sample(k[0], rng);
        assertTrue(x >= -a && x <= a, "sample " + x + " outside [-a, a]");
        low += x == -a ? 1 : 0;
        high += x == a ? 1 : 0;
        sum += x;
        sq += x * x;
      }
      // Atoms: P(X ≤ −a) and P(X ≥ a) for X ~ N(c, s²), by quadrature of the density (no Φ).
      double[] below = Quadrature.truncatedMoments(k[0], s, k[0] - 40 * s, -a);
      double[] body = Quadrature.truncatedMoments(k[0], s, -a, a);
      double[] above = Quadrature.truncatedMoments(k[0], s, a, k[0] + 40 * s);
      double norm = s * Math.sqrt(2 * Math.PI);
      double pLow = below[0] / norm * scaleOf(k[0], s, k[0] - 40 * s, -a);
      double pHigh = above[0] / norm * scaleOf(k[0], s, a, k[0] + 40 * s);
      double pBody = body[0] / norm * scaleOf(k[0], s, -a, a);
      double mean = -a * pLow + a * pHigh + body[1] * pBody;
      String at = "c=" + k[0] + ", s=" + s + ", a=" + a;
      assertEquals(1.0, pLow + pBody + pHigh, 1e-9, "masses " + at);
      assertEquals(pLow, low / (double) n, 5 * Math.sqrt(pLow * (1 - pLow) / n) + 1e-9, "atom at -a " + at);
      assertEquals(pHigh, high / (double) n, 5 * Math.sqrt(pHigh * (1 - pHigh) / n) + 1e-9, "atom at +a " + at);
      assertEquals(mean, m.mean(k[0]), 1e-9 * Math.max(1, a), "closed-form mean " + at);
      double var = sq / n - (sum / n) * (sum / n);
      assertEquals(mean, sum / n, 5 * Math.sqrt(var / n) + 1e-9, "empirical mean " + at);
    }
  }

  /** Undoes the peak scaling Quadrature applies, to turn its relative mass into a probability. */
  private static double scaleOf(double c, double s, double lo, double hi) {
    double nearest = Math.max(lo, Math.min(hi, c));
    return Math.exp(-(nearest - c) * (nearest - c) / (2 * s * s));
  }

  @Test
  void privatizeWithSharesTheGaussianDraws() {
    RectifiedGaussian m = new RectifiedGaussian(2, 1, 3);
    double[] values = {0, 2.5, -8, 10};
    double[] noise = {0.1, 0.5, 1.0, -0.2};
    m.privatizeWith(values, noise);
    assertArrayEquals(new double[] {0.2, 3, -6 < -3 ? -3 : -6, 3}, values, 1e-15);
    assertThrows(IllegalArgumentException.class, () -> m.privatizeWith(new double[2], new double[3]));
  }

  @Test
  void seededSamplingRepeatsAndInfiniteBoundIsGaussian() {
    RectifiedGaussian m = new RectifiedGaussian(1.5, 2, 4);
    float[] a = {0, 1, -5, 12};
    float[] b = a.clone();
    m.privatize(a, new Rng(9));
    m.privatize(b, new Rng(9));
    assertArrayEquals(a, b, 0f);
    RectifiedGaussian open = new RectifiedGaussian(1.5, 2, Double.POSITIVE_INFINITY);
    Rng r1 = new Rng(2);
    Rng r2 = new Rng(2);
    assertEquals(5 + 3 * r2.nextGaussian(), open.sample(5, r1), 1e-15);
    assertEquals(5.0, open.mean(5), 0);
    assertEquals(BoundedGaussianRdp.gaussian(8, 2, 3), open.rdp(8, 5), 0);
  }

  @Test
  void rdpDelegatesToTheAnalysis() {
    RectifiedGaussian m = new RectifiedGaussian(200, 0.01, 6);
    double[] orders = {2, 8};
    double[] centers = {-20, 0, 6, 11};
    double[] curve = m.rdpCurve(orders, centers);
    for (int i = 0; i < orders.length; i++) {
      double sum = 0;
      for (double c : centers) {
        sum += BoundedGaussianRdp.rectified(orders[i], 6, c, 0.01, 2);
        assertEquals(BoundedGaussianRdp.rectified(orders[i], 6, c, 0.01, 2), m.rdp(orders[i], c), 0);
      }
      assertEquals(sum, curve[i], 1e-15 + 1e-13 * sum);
    }
    assertEquals("rectified", m.kind());
  }

  @Test
  void rejectsBadParametersByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RectifiedGaussian(-1, 1, 1));
    assertTrue(e.getMessage().contains("RectifiedGaussian") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RectifiedGaussian(1, 1, 0));
    assertTrue(e.getMessage().contains("bound a"), e.getMessage());
  }
}
