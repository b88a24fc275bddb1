package org.probity.privacy.accountant.analysis;

/**
 * Log-space arithmetic for privacy analysis: sums and differences of numbers held as their
 * logarithms, and log(erfc(x)) accurate far into the tail. The subsampled-Gaussian RDP series
 * (Mironov, Talwar and Zhang 2019) adds terms that overflow a double long before their sum matters,
 * and its fractional-order series needs erfc at arguments where erfc itself underflows; Opacus and
 * TF-Privacy use the same three helpers ({@code _log_add}, {@code _log_sub}, {@code _log_erfc}).
 * log erfc is computed from the regularised upper incomplete gamma function, erfc(x) = Q(1/2, x²),
 * with the power series below x² = 1.5 and Lentz's continued fraction above it (Numerical Recipes
 * §6.2), keeping the prefactor e^{-x²} in log form so no argument underflows.
 */
public final class LogMath {
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double TINY = 1e-300;
  private static final double EPS = 1e-16;

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

  /** log(erfc(x)) with full relative accuracy for large positive x (where erfc underflows). */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x < 0) {
      // erfc(x) = 2 − erfc(−x) lies in (1, 2): no precision to lose.
      return Math.log(2 - Math.exp(logErfc(-x)));
    }
    double x2 = x * x;
    if (x2 < 1.5) {
      return Math.log1p(-erfSeries(x2));
    }
    return logErfcContinuedFraction(x2);
  }

  /** erfc(x), via {@link #logErfc}. */
  public static double erfc(double x) {
    return Math.exp(logErfc(x));
  }

  /** log Φ(x), the standard normal log-CDF, accurate in the far left tail. */
  public static double logNormalCdf(double x) {
    return Math.log(0.5) + logErfc(-x / Math.sqrt(2));
  }

  /** erf(x) = P(1/2, x²) for x ≥ 0 by the incomplete-gamma power series; converges fast for x² < 1.5. */
  private static double erfSeries(double x2) {
    if (x2 == 0) {
      return 0;
    }
    double a = 0.5;
    double ap = a;
    double del = 1 / a;
    double sum = del;
    for (int n = 0; n < 500; n++) {
      ap += 1;
      del *= x2 / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x2 + a * Math.log(x2) - LOG_SQRT_PI);
  }

  /** log Q(1/2, x²) by the modified Lentz continued fraction, with the prefactor kept in logs. */
  private static double logErfcContinuedFraction(double x2) {
    double a = 0.5;
    double b = x2 + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return -x2 + a * Math.log(x2) - LOG_SQRT_PI + Math.log(h);
  }
}
