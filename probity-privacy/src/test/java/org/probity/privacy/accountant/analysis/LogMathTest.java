package org.probity.privacy.accountant.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogMathTest {
  // erfc to 30 digits from mpmath 1.3 (mp.dps = 30), an independent arbitrary-precision implementation.
  private static final double[][] ERFC = {
      {0.5, 0.479500122186953462317253346108},
      {1, 0.157299207050285130658779364917},
      {1.2247, 0.0832758147980863949666842225548}, // just below the series/continued-fraction switch
      {2, 0.00467773498104726583793074363275},
      {3, 2.20904969985854413727761295823e-5},
      {5, 1.53745979442803485018834348538e-12},
      {10, 2.08848758376254475700078629496e-45},
      {-1, 1.84270079294971486934122063508},
      {-3, 1.99997790950300141455862722387},
  };

  @Test
  void erfcMatchesArbitraryPrecisionValues() {
    for (double[] row : ERFC) {
      double got = LogMath.erfc(row[0]);
      assertEquals(row[1], got, 2e-14 * row[1], "erfc(" + row[0] + ")");
    }
    assertEquals(1.0, LogMath.erfc(0), 0);
  }

  @Test
  void logErfcStaysAccurateWhereErfcUnderflows() {
    // log erfc from mpmath; erfc(30) = 2.56e-393 is below the smallest double.
    assertEquals(-903.974117110643878, LogMath.logErfc(30), 1e-12 * 904);
    assertEquals(-10005.1775851226643, LogMath.logErfc(100), 1e-13 * 10005);
    assertEquals(-1000007.48012072191, LogMath.logErfc(1000), 1e-14 * 1000007);
    assertEquals(Double.NEGATIVE_INFINITY, LogMath.logErfc(Double.POSITIVE_INFINITY));
  }

  @Test
  void continuousAcrossTheSwitchBetweenSeriesAndContinuedFraction() {
    double x = Math.sqrt(1.5);
    double below = LogMath.logErfc(Math.nextDown(x));
    double above = LogMath.logErfc(x);
    assertEquals(below, above, 1e-14);
  }

  @Test
  void logAddAndLogSubAreExactInverses() {
    double a = Math.log(3);
    double b = Math.log(5);
    assertEquals(Math.log(8), LogMath.logAdd(a, b), 1e-15);
    assertEquals(Math.log(2), LogMath.logSub(b, a), 1e-15);
    assertEquals(a, LogMath.logAdd(a, Double.NEGATIVE_INFINITY), 0);
    assertEquals(Double.NEGATIVE_INFINITY, LogMath.logSub(a, a));
    // Far apart: no overflow.
    assertEquals(1000, LogMath.logAdd(1000, -1000), 0);
    assertEquals(1000, LogMath.logSub(1000, -1000), 0);
    assertThrows(ArithmeticException.class, () -> LogMath.logSub(a, b));
  }

  @Test
  void normalLogCdfInTheLeftTail() {
    // Φ(−40) = 3.655893540915e-350 (mpmath); log Φ(−40) = −804.6084420137538.
    assertEquals(-804.6084420137538, LogMath.logNormalCdf(-40), 1e-11 * 805);
    assertEquals(Math.log(0.5), LogMath.logNormalCdf(0), 1e-15);
  }
}
