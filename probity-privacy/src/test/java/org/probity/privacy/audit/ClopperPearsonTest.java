package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClopperPearsonTest {
  // P(Bin(n, p) >= k) by summing the probability mass function term by term (independent of the
  // incomplete beta function).
  private static double binomialAtLeast(int k, int n, double p) {
    double sum = 0;
    for (int j = k; j <= n; j++) {
      double logC = 0;
      for (int i = 1; i <= j; i++) {
        logC += Math.log(n - j + i) - Math.log(i);
      }
      sum += Math.exp(logC + j * Math.log(p) + (n - j) * Math.log1p(-p));
    }
    return sum;
  }

  @Test
  void logGammaMatchesFactorialsAndRootPi() {
    double logFactorial = 0;
    for (int n = 1; n <= 170; n++) {
      assertEquals(logFactorial, ClopperPearson.logGamma(n), 1e-12 * Math.max(1, logFactorial), "n = " + n);
      logFactorial += Math.log(n);
    }
    assertEquals(0.5 * Math.log(Math.PI), ClopperPearson.logGamma(0.5), 1e-14);
  }

  @Test
  void incompleteBetaIsTheBinomialTail() {
    int[][] cases = {{1, 1}, {3, 10}, {7, 10}, {10, 10}, {1, 40}, {20, 40}, {39, 40}, {5, 60}};
    double[] xs = {0.001, 0.05, 0.3, 0.5, 0.77, 0.99};
    for (int[] c : cases) {
      int k = c[0];
      int n = c[1];
      for (double x : xs) {
        double tail = binomialAtLeast(k, n, x);
        double lower = ClopperPearson.regularizedBeta(x, k, n - k + 1, false);
        double upper = ClopperPearson.regularizedBeta(x, k, n - k + 1, true);
        assertEquals(tail, lower, 1e-12 + 1e-10 * tail, "k=" + k + " n=" + n + " x=" + x);
        assertEquals(1 - tail, upper, 1e-12 + 1e-10 * (1 - tail), "k=" + k + " n=" + n + " x=" + x);
      }
    }
    // A small tail keeps its relative precision: I_x(1, n) = 1 − (1 − x)^n, its complement (1 − x)^n.
    assertEquals(Math.pow(0.5, 200), ClopperPearson.regularizedBeta(0.5, 1, 200, true), 1e-10 * Math.pow(0.5, 200));
  }

  @Test
  void closedFormsAtTheEdges() {
    double[] confidences = {0.9, 0.95, 0.99};
    int[] ns = {1, 2, 10, 37, 1000, 100_000};
    for (double conf : confidences) {
      double half = (1 - conf) / 2;
      for (int n : ns) {
        String at = "n=" + n + " conf=" + conf;
        assertEquals(0.0, ClopperPearson.lower(0, n, conf));
        assertEquals(1.0, ClopperPearson.upper(n, n, conf));
        // References by expm1, free of the cancellation in 1 − pow(...). ln Γ of arguments near n
        // carries an absolute error near 1e-16 · n ln n, hence relative tolerances of 1e-9.
        double up0 = -Math.expm1(Math.log(half) / n);
        assertEquals(up0, ClopperPearson.upper(0, n, conf), 1e-9 * up0, at);
        double lowN = Math.pow(half, 1.0 / n);
        assertEquals(lowN, ClopperPearson.lower(n, n, conf), 1e-9 * lowN, at);
        // k = 1: 1 − (1 − x)^n = α/2; k = n − 1 (upper): 1 − x^n = α/2.
        double low1 = -Math.expm1(Math.log1p(-half) / n);
        assertEquals(low1, ClopperPearson.lower(1, n, conf), 1e-9 * low1, at);
        double upNm1 = Math.pow(1 - half, 1.0 / n);
        assertEquals(upNm1, ClopperPearson.upper(n - 1, n, conf), 1e-9, at);
      }
    }
  }

  @Test
  void tabulatedValues() {
    // 5 of 10 at 95%: the textbook exact interval (0.1871, 0.8129).
    assertEquals(0.187086, ClopperPearson.lower(5, 10, 0.95), 1e-6);
    assertEquals(0.812914, ClopperPearson.upper(5, 10, 0.95), 1e-6);
    // 0 of 10 at 95%: the "rule of three"-like 0.3085.
    assertEquals(0.308497, ClopperPearson.upper(0, 10, 0.95), 1e-6);
  }

  @Test
  void boundsSolveTheBinomialTailEquations() {
    int[][] cases = {{1, 7}, {3, 10}, {12, 30}, {29, 30}, {2, 50}, {25, 50}};
    for (int[] c : cases) {
      int k = c[0];
      int n = c[1];
      for (double conf : new double[] {0.8, 0.95}) {
        double half = (1 - conf) / 2;
        double lo = ClopperPearson.lower(k, n, conf);
        double hi = ClopperPearson.upper(k, n, conf);
        assertTrue(lo < k / (double) n && k / (double) n < hi);
        assertEquals(half, binomialAtLeast(k, n, lo), 1e-9, "lower k=" + k + " n=" + n);
        assertEquals(half, 1 - binomialAtLeast(k + 1, n, hi), 1e-9, "upper k=" + k + " n=" + n);
      }
    }
  }

  @Test
  void largeCountsStayOrderedAndNarrow() {
    double lo = ClopperPearson.lower(50_000, 100_000, 0.95);
    double hi = ClopperPearson.upper(50_000, 100_000, 0.95);
    // Normal approximation: 0.5 ± 1.96 · sqrt(0.25 / 1e5) = 0.5 ± 0.0031.
    assertEquals(0.5 - 0.0031, lo, 1e-4);
    assertEquals(0.5 + 0.0031, hi, 1e-4);
  }

  @Test
  void refusesBadInput() {
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.lower(3, 2, 0.95));
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.lower(-1, 2, 0.95));
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.upper(0, 0, 0.95));
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.upper(0, 5, 1.0));
  }
}
