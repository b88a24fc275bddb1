package org.probity.privacy.accountant.analysis;

/**
 * Log-space arithmetic for privacy analysis: sums and differences of numbers held as their
 * logarithms, and log(erfc(x)) accurate far into the tail. The subsampled-Gaussian RDP series
 * (Mironov, Talwar and Zhang 2019) adds terms that overflow a double long before their sum matters,
 * and its fractional-order series needs erfc at arguments where erfc itself underflows; Opacus and
 * TF-Privacy use the same three helpers ({@code _log_add}, {@code _log_sub}, {@code _log_erfc}).
 * log erfc comes from {@link StandardNormal}'s scaled erfcx (Cody's rational approximations), with
 * the factor e^{-x²} kept in log form so no argument underflows.
 */
public final class LogMath {

  private LogMath() {}

  /** log(e^a + e^b); -∞ stands for zero. */
  public static double logAdd(double a, double b) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    if (lo == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return Math.log1p(Math.exp(lo - hi)) + hi;
  }

  /**
   * log(e^a − e^b) for a ≥ b; -∞ when they are equal. A negative result has no logarithm, which
   * in the RDP series means the series lost its precision, so it is an error rather than a NaN.
   */
  public static double logSub(double a, double b) {
    if (a < b) {
      throw new ArithmeticException("logSub: the difference of e^" + a + " and e^" + b + " is negative");
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    if (a == b) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = a - b;
    if (d > 700) {
      return a; // e^d − 1 overflows, and e^b is then invisible next to e^a
    }
    return Math.log(Math.expm1(d)) + b;
  }

  /**
   * log(erfc(x)) with full relative accuracy for large positive x (where erfc underflows), from
   * {@link StandardNormal}'s scaled complementary error function: erfc(x) = erfcx(x)·e^{−x²}.
   */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x < 0) {
      // erfc(x) = 2 − erfc(−x) lies in (1, 2): no precision to lose.
      return Math.log(StandardNormal.erfc(x));
    }
    return Math.log(StandardNormal.erfcx(x)) - x * x;
  }

  /** erfc(x). */
  public static double erfc(double x) {
    return StandardNormal.erfc(x);
  }

  /** log Φ(x), the standard normal log-CDF, accurate in the far left tail. */
  public static double logNormalCdf(double x) {
    return StandardNormal.logCdf(x);
  }
}
