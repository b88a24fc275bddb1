package org.probity.privacy.accountant.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardNormalTest {
  private static final List<String[]> ROWS = ReferenceCsv.read("standard_normal.csv");

  private static void close(double want, double got, double rel, double abs, String what) {
    double tol = Math.max(rel * Math.abs(want), abs);
    assertTrue(Math.abs(got - want) <= tol, what + ": want " + want + ", got " + got + " (tolerance " + tol + ")");
  }

  @Test
  void everyFunctionMatchesEightyDigitReferenceValues() {
    int checked = 0;
    for (String[] r : ROWS) {
      String fn = r[0];
      double x = Double.parseDouble(r[1]);
      double want = Double.parseDouble(r[3]);
      String what = fn + "(" + r[1] + (r[2].isEmpty() ? "" : ", " + r[2]) + ")";
      switch (fn) {
        case "logcdf" -> close(want, StandardNormal.logCdf(x), 1e-14, 1e-300, what);
        case "cdf" -> close(want, StandardNormal.cdf(x), 1e-14, 0, what);
        case "erfcx" -> close(want, StandardNormal.erfcx(x), 1e-14, 0, what);
        case "erfc" -> close(want, StandardNormal.erfc(x), 1e-14, 0, what);
        case "logdiff" -> close(want, StandardNormal.logDiffCdf(x, Double.parseDouble(r[2])), 1e-12, 1e-15, what);
        // Newton on log Φ: limited by log Φ's own relative accuracy at |log p| up to 1e5.
        case "invlogcdf" -> close(want, StandardNormal.inverseLogCdf(x), 1e-13, 0, what);
        default -> throw new IllegalStateException("unknown function " + fn);
      }
      checked++;
    }
    assertEquals(ROWS.size(), checked);
    assertTrue(checked > 90, "reference table too short: " + checked);
  }

  @Test
  void inverseCdfInvertsCdfOverBothHalves() {
    for (double p : new double[] {1e-300, 1e-20, 1e-5, 0.02, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999, 1 - 1e-12}) {
      double x = StandardNormal.inverseCdf(p);
      double back = p <= 0.5 ? StandardNormal.cdf(x) : StandardNormal.survival(x);
      double want = p <= 0.5 ? p : 1 - p;
      // One ulp of x moves Φ by a relative |x|·φ/Φ·ulp ≈ x²·ulp in the tail: that is the floor.
      close(want, back, 4e-16 * (8 + x * x), 0, "cdf(inverseCdf(" + p + "))");
    }
    assertEquals(0.0, StandardNormal.inverseCdf(0.5), 1e-16);
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.inverseCdf(0));
    assertEquals(Double.POSITIVE_INFINITY, StandardNormal.inverseCdf(1));
  }

  @Test
  void logCdfIsFiniteFarBeyondUnderflow() {
    // Φ(−1e5) ≈ e^{−5e9}: no double holds it; its logarithm is −x²/2 − log(−x √(2π)) to 1e-10.
    double x = -1e5;
    double asymptotic = -0.5 * x * x - Math.log(-x * Math.sqrt(2 * Math.PI));
    close(asymptotic, StandardNormal.logCdf(x), 1e-15, 0, "logCdf(-1e5)");
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.logCdf(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, StandardNormal.logCdf(Double.POSITIVE_INFINITY), 0.0);
  }

  @Test
  void logDiffCdfIsSymmetricAndRejectsReversedIntervals() {
    for (double[] iv : new double[][] {{-60, -50}, {-3, 2}, {0.1, 0.2}, {-1e-9, 1e-9}}) {
      double a = StandardNormal.logDiffCdf(iv[0], iv[1]);
      double b = StandardNormal.logDiffCdf(-iv[1], -iv[0]);
      close(a, b, 1e-14, 1e-15, "mirror of [" + iv[0] + ", " + iv[1] + "]");
    }
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.logDiffCdf(1, 1));
    assertThrows(IllegalArgumentException.class, () -> StandardNormal.logDiffCdf(2, 1));
    assertThrows(IllegalArgumentException.class, () -> StandardNormal.inverseLogCdf(-0.1));
  }
}
