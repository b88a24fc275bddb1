package org.probity.privacy.audit;

/**
 * Exact (Clopper–Pearson 1934) confidence bounds on a binomial proportion: for k successes in n
 * trials, the two-sided interval at level 1 − α has endpoints at the α/2 quantile of
 * Beta(k, n − k + 1) and the 1 − α/2 quantile of Beta(k + 1, n − k). Privacy audits (Jagielski et
 * al. 2020, Nasr et al. 2021) use these bounds because they never undercover, whatever n and
 * however small the rate — the regime of TPR at 0.1% FPR where normal approximations fail. The
 * regularized incomplete beta function is evaluated by its continued fraction (Numerical Recipes'
 * betacf, modified Lentz), with the tail that converges computed directly so small tails keep their
 * relative precision, and the quantiles are found by bisection, which cannot fail to converge.
 */
public final class ClopperPearson {
  private static final double EPS = 1e-15;
  private static final double FPMIN = 1e-300;
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  private ClopperPearson() {}

  /** The lower end of the two-sided Clopper–Pearson interval at {@code confidence}; 0 when k = 0. */
  public static double lower(int k, int n, double confidence) {
    check(k, n, confidence);
    if (k == 0) {
      return 0;
    }
    double target = (1 - confidence) / 2;
    // I_x(k, n-k+1) = P(Bin(n, x) >= k) rises with x; keep lo on the side where it is <= target.
    double lo = 0;
    double hi = k / (double) n;
    while (hi - lo > 1e-14 * hi) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (regularizedBeta(mid, k, n - k + 1, false) <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The upper end of the two-sided Clopper–Pearson interval at {@code confidence}; 1 when k = n. */
  public static double upper(int k, int n, double confidence) {
    check(k, n, confidence);
    if (k == n) {
      return 1;
    }
    double target = (1 - confidence) / 2;
    // 1 - I_x(k+1, n-k) = P(Bin(n, x) <= k) falls with x; keep hi on the side where it is <= target.
    double lo = k / (double) n;
    double hi = 1;
    while (hi - lo > 1e-14 * hi) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (regularizedBeta(mid, k + 1, n - k, true) <= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static void check(int k, int n, double confidence) {
    if (n < 1) {
      throw new IllegalArgumentException("ClopperPearson: trials must be at least 1, got " + n);
    }
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("ClopperPearson: successes must lie in [0, " + n + "], got " + k);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("ClopperPearson: confidence must lie in (0, 1), got " + confidence);
    }
  }

  /**
   * The regularized incomplete beta function I_x(a, b) (the Beta(a, b) CDF at x), or its
   * complement 1 − I_x(a, b) when {@code upperTail}; a, b > 0 and x in [0, 1].
   */
  static double regularizedBeta(double x, double a, double b, boolean upperTail) {
    if (x <= 0) {
      return upperTail ? 1 : 0;
    }
    if (x >= 1) {
      return upperTail ? 0 : 1;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      double lowerTail = front * continuedFraction(a, b, x) / a;
      return upperTail ? 1 - lowerTail : lowerTail;
    }
    double upper = front * continuedFraction(b, a, 1 - x) / b;
    return upperTail ? upper : 1 - upper;
  }

  // Numerical Recipes' betacf: the continued fraction for I_x(a, b), by the modified Lentz method.
  // It needs O(sqrt(max(a, b))) terms, hence the iteration cap that grows with a and b.
  private static double continuedFraction(double a, double b, double x) {
    int maxIterations = 200 + (int) (20 * Math.sqrt(Math.max(a, b)));
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < FPMIN) {
      d = FPMIN;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= maxIterations; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        return h;
      }
    }
    return h; // Converged to well within the bisection's tolerance long before the cap in practice.
  }

  // ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; about 15 significant digits).
  static double logGamma(double x) {
    if (x < 0.5) {
      // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
