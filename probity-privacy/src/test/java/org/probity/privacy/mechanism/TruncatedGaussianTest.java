package org.probity.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.analysis.BoundedGaussianRdp;
import org.probity.privacy.accountant.analysis.StandardNormal;
import org.probity.tensor.Rng;

class TruncatedGaussianTest {
  /** (center c, noise multiplier σ, sensitivity Δ, bound a): centred, at the edge, in the tail, far tail, narrow. */
  private static final double[][] CASES = {
      {0, 2, 1, 2},
      {3, 2, 1, 3},
      {-9, 1, 1, 1},
      {-60, 1, 1, 1},
      {40, 2, 1, 6},
      {0.3, 1, 1, 0.01},
      {1.5, 4, 0.5, 8},
  };

  @Test
  void closedFormMomentsMatchQuadrature() {
    for (double[] k : CASES) {
      TruncatedGaussian m = new TruncatedGaussian(k[1], k[2], k[3]);
      double s = m.noiseStd();
      double[] q = Quadrature.truncatedMoments(k[0], s, -k[3], k[3]);
      String at = "c=" + k[0] + ", s=" + s + ", a=" + k[3];
      assertEquals(q[1], m.mean(k[0]), 1e-9 * Math.max(1, Math.abs(q[1])), "mean " + at);
      // The closed-form variance cancels far in a tail (documented); check it where it is meant to be used.
      if (Math.abs(k[0]) - k[3] < 20 * s) {
        assertEquals(q[2], m.variance(k[0]), 1e-7 * q[2], "variance " + at);
      }
    }
  }

  @Test
  void samplesHaveTheClosedFormMeanAndStd() {
    int n = 40_000;
    Rng rng = new Rng(7);
    for (double[] k : CASES) {
      TruncatedGaussian m = new TruncatedGaussian(k[1], k[2], k[3]);
      double s = m.noiseStd();
      double[] q = Quadrature.truncatedMoments(k[0], s, -k[3], k[3]);
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double x = m.sample(k[0], rng);
        assertTrue(x >= -k[3] && x <= k[3], "sample " + x + " outside [-a, a] for c=" + k[0]);
        sum += x;
        sq += x * x;
      }
      double mean = sum / n;
      double var = sq / n - mean * mean;
      double sd = Math.sqrt(q[2]);
      String at = "c=" + k[0] + ", s=" + s + ", a=" + k[3];
      // 5 standard errors; the variance's uses the exponential's kurtosis, the largest a truncated normal has.
      assertEquals(q[1], mean, 5 * sd / Math.sqrt(n), "empirical mean " + at);
      assertEquals(sd, Math.sqrt(var), 5 * sd * Math.sqrt(8.0 / n) / 2 + 1e-12, "empirical std " + at);
    }
  }

  @Test
  void samplesFollowTheTruncatedCdf() {
    // Kolmogorov–Smirnov against the exact CDF (Φ((x−c)/s) − Φ(l)) / Z; D·√n > 1.95 has probability 0.001.
    int n = 20_000;
    Rng rng = new Rng(11);
    for (double[] k : CASES) {
      TruncatedGaussian m = new TruncatedGaussian(k[1], k[2], k[3]);
      double s = m.noiseStd();
      double l = (-k[3] - k[0]) / s;
      double h = (k[3] - k[0]) / s;
      double logZ = StandardNormal.logDiffCdf(l, h);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = m.sample(k[0], rng);
      }
      Arrays.sort(x);
      double d = 0;
      for (int i = 0; i < n; i++) {
        double z = (x[i] - k[0]) / s;
        double f = z <= l ? 0 : Math.exp(StandardNormal.logDiffCdf(l, Math.min(z, h)) - logZ);
        d = Math.max(d, Math.max(Math.abs(f - i / (double) n), Math.abs(f - (i + 1) / (double) n)));
      }
      assertTrue(d * Math.sqrt(n) < 1.95, "KS statistic " + d * Math.sqrt(n) + " for c=" + k[0] + ", a=" + k[3]);
    }
  }

  @Test
  void quantileInvertsTheTruncatedCdfDeepInTheTails() {
    // u-quantiles of N(0,1) on [lo, hi] where Φ(lo) and Φ(hi) underflow: F(x(u)) must give back u.
    double[][] intervals = {{-60, -50}, {50, 60}, {-40, -39.9}, {8, 1e3}, {-3, 2}, {-1e-3, 1e-3}};
    for (double[] iv : intervals) {
      double logZ = StandardNormal.logDiffCdf(iv[0], iv[1]);
      for (double u : new double[] {1e-12, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12}) {
        double x = TruncatedGaussian.standardSample(iv[0], iv[1], u);
        assertTrue(x >= iv[0] && x <= iv[1], "quantile " + x + " outside " + Arrays.toString(iv));
        double f = Math.exp(StandardNormal.logDiffCdf(iv[0], x) - logZ);
        assertEquals(u, f, 1e-9, "F(x(" + u + ")) on " + Arrays.toString(iv));
      }
    }
  }

  @Test
  void seededSamplingRepeats() {
    TruncatedGaussian m = new TruncatedGaussian(2, 1, 3);
    double[] a = {0, 1, -5, 12, 2.9};
    double[] b = a.clone();
    m.privatize(a, new Rng(3));
    m.privatize(b, new Rng(3));
    assertArrayEquals(a, b, 0);
    double[] c = {0, 1, -5, 12, 2.9};
    m.privatize(c, new Rng(4));
    assertTrue(!Arrays.equals(a, c), "a different seed should give different draws");
  }

  @Test
  void rdpDelegatesToTheAnalysis() {
    TruncatedGaussian m = new TruncatedGaussian(200, 0.01, 6);
    for (double c : new double[] {-20, 0, 6, 11}) {
      assertEquals(BoundedGaussianRdp.truncated(8, 6, c, 0.01, 2), m.rdp(8, c), 0);
    }
    assertEquals("truncated", m.kind());
  }

  @Test
  void rejectsBadParametersByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TruncatedGaussian(0, 1, 1));
    assertTrue(e.getMessage().contains("TruncatedGaussian") && e.getMessage().contains("σ"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TruncatedGaussian(1, 1, -2));
    assertTrue(e.getMessage().contains("bound a") && e.getMessage().contains("-2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TruncatedGaussian(1, 0, 1));
    assertTrue(e.getMessage().contains("sensitivity"), e.getMessage());
  }
}
