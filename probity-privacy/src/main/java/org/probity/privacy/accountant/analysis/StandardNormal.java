package org.probity.privacy.accountant.analysis;

/**
 * The standard normal distribution's CDF Φ, its logarithm, the log of a probability mass
 * log(Φ(hi) − Φ(lo)) and the inverse CDF from a log-probability, all accurate far into both tails.
 * The bounded-support Gaussian's RDP (Hu, Guo, Wang et al., "Privacy Amplification for the
 * Gaussian Mechanism via Bounded Support", arXiv 2403.05598) is built from Φ at arguments such as
 * (c − a)/s, which for a summed gradient c far outside the support [−a, a] lie 50 or more standard
 * deviations out, where Φ underflows and a plain difference Φ(hi) − Φ(lo) of two numbers near 1
 * cancels to zero; the official Python code then takes log(0) and hides the NaN with
 * {@code nan_to_num}. Here every quantity is kept as a logarithm and each difference is taken on
 * the side of 0 where it does not cancel.
 *
 * <p>erf, erfc and the scaled erfcx(x) = e^{x²} erfc(x) are W. J. Cody's rational Chebyshev
 * approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23,
 * 1969; the CALERF routine of SPECFUN / ACM TOMS 715), relative error near 1e-16 on three
 * intervals; erfcx carries the tail without underflow, so log Φ(x) = log(erfcx(−x/√2)/2) − x²/2
 * holds down to x ≈ −1e154. They cost a dozen multiply-adds, which matters because the per-instance
 * accountant evaluates Φ millions of times per training run. The inverse CDF starts from Acklam's
 * rational approximation (relative error 1.15e-9) and polishes it with Newton steps on log Φ, so its
 * accuracy is that of log Φ at any log-probability.
 */
public final class StandardNormal {
  private static final double SQRT_HALF = 0.70710678118654752440;
  private static final double LOG_HALF = -0.69314718055994530942;
  private static final double LOG_SQRT_2PI = 0.91893853320467274178;
  private static final double SQRPI = 0.56418958354775628695; // 1/√π
  private static final double THRESH = 0.46875;
  private static final double XHUGE = 6.71e7;
  private static final double LN2 = 0.69314718055994530942;

  // Cody (1969), |x| ≤ 0.46875: erf(x) = x·A(x²)/B(x²).
  private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
      3.20937758913846947e03, 1.85777706184603153e-1};
  private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
      2.84423683343917062e03};
  // 0.46875 < x ≤ 4: erfcx(x) = C(x)/D(x).
  private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
      2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
      1.23033935479799725e03, 2.15311535474403846e-8};
  private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
      1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
      1.23033935480374942e03};
  // x > 4: erfcx(x) = (1/√π − P(1/x²)/(x² Q(1/x²)))/x.
  private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
      1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
  private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
      6.05183413124413191e-2, 2.33520497626869185e-3};

  // Acklam's inverse-normal approximation: central region and lower tail.
  private static final double[] IA = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] IB = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};
  private static final double[] IC = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] ID = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00};
  private static final double P_LOW = 0.02425;
  private static final double LOG_P_LOW = Math.log(P_LOW);

  private StandardNormal() {}

  /** erf(x) for |x| ≤ 0.46875 (Cody's first interval), where 1 − erf loses nothing. */
  private static double erfSmall(double x) {
    double ysq = x * x;
    double num = A[4] * ysq;
    double den = ysq;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return x * (num + A[3]) / (den + B[3]);
  }

  /** erfcx(y) = e^{y²} erfc(y) for y > 0.46875 (Cody's second and third intervals). */
  private static double erfcxLarge(double y) {
    if (y <= 4) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      return (num + C[7]) / (den + D[7]);
    }
    if (y >= XHUGE) {
      return SQRPI / y; // the correction term is below one ulp
    }
    double ysq = 1 / (y * y);
    double num = P[5] * ysq;
    double den = ysq;
    for (int i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    double r = ysq * (num + P[4]) / (den + Q[4]);
    return (SQRPI - r) / y;
  }

  /** The error function. */
  public static double erf(double x) {
    double y = Math.abs(x);
    if (Double.isNaN(x)) {
      return x;
    }
    if (y <= THRESH) {
      return erfSmall(x);
    }
    double r = 1 - erfcOfPositive(y);
    return x < 0 ? -r : r;
  }

  /** The complementary error function 1 − erf(x), with full relative accuracy for x > 0. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Math.abs(x) <= THRESH) {
      return 1 - erfSmall(x);
    }
    return x > 0 ? erfcOfPositive(x) : 2 - erfcOfPositive(-x);
  }

  private static double erfcOfPositive(double y) {
    if (y > 27.3) {
      return 0; // below the smallest subnormal
    }
    // e^{−y²} with y split as in CALERF: AINT(16y)/16 squares exactly.
    double h = Math.floor(y * 16) / 16;
    double del = (y - h) * (y + h);
    return Math.exp(-h * h) * Math.exp(-del) * erfcxLarge(y);
  }

  /**
   * e^{−x²/2} to a few ulps for large |x|: x² rounded once carries a relative error of x²/2 ulps
   * into the exponential, so x is split into a 1/16-grid part whose square is exact and a small
   * remainder (the same device CALERF uses for e^{−y²}).
   */
  private static double expHalfSquare(double x) {
    double ax = Math.abs(x);
    double h = Math.floor(ax * 16) / 16;
    double del = (ax - h) * (ax + h);
    return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * del);
  }

  /** The scaled complementary error function e^{x²} erfc(x); finite and positive for every x ≥ 0. */
  public static double erfcx(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x < -26.6) {
      return Double.POSITIVE_INFINITY;
    }
    if (Math.abs(x) <= THRESH) {
      return Math.exp(x * x) * (1 - erfSmall(x));
    }
    if (x > 0) {
      return erfcxLarge(x);
    }
    return 2 * Math.exp(x * x) - erfcxLarge(-x);
  }

  /** The standard normal density φ(x). */
  public static double pdf(double x) {
    return Math.exp(logPdf(x));
  }

  /** log φ(x) = −x²/2 − log √(2π). */
  public static double logPdf(double x) {
    return -0.5 * x * x - LOG_SQRT_2PI;
  }

  /** Φ(x), with full relative accuracy in the left tail (down to the smallest double). */
  public static double cdf(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? x : (x > 0 ? 1 : 0);
    }
    double z = x * SQRT_HALF;
    if (Math.abs(z) <= THRESH) {
      return 0.5 + 0.5 * erfSmall(z);
    }
    if (z < 0) {
      // The exponential from x itself, not from z = x/√2, whose rounding would cost z² ulps.
      return 0.5 * erfcxLarge(-z) * expHalfSquare(x);
    }
    return 1 - cdf(-x);
  }

  /** 1 − Φ(x) = Φ(−x), with full relative accuracy in the right tail. */
  public static double survival(double x) {
    return cdf(-x);
  }

  /**
   * log Φ(x): the log-CDF, finite wherever Φ(x) > 0 mathematically (x > −1e154), so that ratios
   * such as Φ(t)/Φ(t − μ/s) deep in the tail are exact differences of logs.
   */
  public static double logCdf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double z = x * SQRT_HALF;
    if (Math.abs(z) <= THRESH) {
      return Math.log1p(erfSmall(z)) + LOG_HALF;
    }
    if (z > 0) {
      return Math.log1p(-cdf(-x));
    }
    // Φ(x) = erfcx(−z) e^{−x²/2} / 2; the exponent is x²/2 computed from x, not from the rounded z.
    return Math.log(erfcxLarge(-z)) - 0.5 * x * x + LOG_HALF;
  }

  /** log(1 − Φ(x)) = log Φ(−x). */
  public static double logSurvival(double x) {
    return logCdf(-x);
  }

  /**
   * log(Φ(hi) − Φ(lo)), the log-probability of [lo, hi], accurate when the interval lies deep in
   * either tail (the difference is taken on the side of 0 where both CDFs are small) and when it
   * straddles 0 and is narrow (taken from erf, which is accurate near 0). −∞ for an empty interval.
   */
  public static double logDiffCdf(double lo, double hi) {
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      return Double.NaN;
    }
    if (lo > hi) {
      throw new IllegalArgumentException("StandardNormal.logDiffCdf: lo = " + lo + " exceeds hi = " + hi);
    }
    if (lo == hi) {
      return Double.NEGATIVE_INFINITY;
    }
    double far = Math.max(Math.abs(lo), Math.abs(hi));
    if (far < Double.POSITIVE_INFINITY && (hi - lo) * (1 + far) <= 1) {
      return logSliceMassScaled(0, lo, hi - lo);
    }
    if (lo >= 0) {
      // Φ(hi) − Φ(lo) = Φ(−lo) − Φ(−hi): both in the left tail.
      return logDiffLeft(-hi, -lo);
    }
    if (hi <= 0) {
      return logDiffLeft(lo, hi);
    }
    // lo < 0 < hi: (Φ(hi) − 1/2) + (1/2 − Φ(lo)), each half an erf of a positive argument.
    return Math.log(0.5 * (erf(hi * SQRT_HALF) + erf(-lo * SQRT_HALF)));
  }

  /**
   * log P(X ∈ slice) + ref²/2 for the slice of the given signed width whose exact edge lies at
   * ref + offset: [edge, edge + width] when width &gt; 0, [edge + width, edge] when width &lt; 0.
   * Three things are kept exact here that plain log(Φ(hi) − Φ(lo)) loses. The width: for a slice
   * 5e-4 wide at x = −9.75, hi − lo recomputed from rounded endpoints is off by an ulp of 9.75, a
   * relative 4e-12 of the width and of the mass. The offset: two supports shifted by d are compared
   * at edges ref and ref − d, and rounding ref − d would change the shift itself. And the scale: far
   * in a tail a log-mass is dominated by −x²/2 (−300 at x = 25), and two such numbers for nearby
   * slices differ by far less than an ulp of either; measured against ref, the −x²/2 parts cancel
   * analytically, as −offset(2·ref + offset)/2, and what is left keeps its absolute precision. So
   * differences of results that share ref, such as the log-ratio of the masses of a support and of
   * its shifted copy, are exact to the rounding of O(1) numbers.
   */
  public static double logSliceMassScaled(double ref, double offset, double width) {
    if (Double.isNaN(ref) || Double.isNaN(offset) || Double.isNaN(width)) {
      return Double.NaN;
    }
    if (width == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double edge = ref + offset;
    double w = Math.abs(width);
    double lo = width > 0 ? edge : edge - w;
    double hi = width > 0 ? edge + w : edge;
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !Double.isFinite(ref)) {
      return logDiffCdf(lo, hi) + 0.5 * ref * ref;
    }
    double far = Math.max(Math.abs(lo), Math.abs(hi));
    if (w * (1 + far) <= 1) {
      // ∫ φ over the slice by 16-point Gauss–Legendre in the distance u from the exact edge:
      // −(t² − ref²)/2 = −offset(2·ref + offset)/2 − u(2·dir·edge + u)/2 for t = edge + dir·u.
      double half = 0.5 * w;
      double dir = width > 0 ? 1 : -1;
      double sum = 0;
      for (int i = 0; i < GL_NODES.length; i++) {
        double u1 = half * (1 - GL_NODES[i]);
        double u2 = half * (1 + GL_NODES[i]);
        sum += GL_WEIGHTS[i]
            * (Math.exp(-0.5 * u1 * (2 * dir * edge + u1)) + Math.exp(-0.5 * u2 * (2 * dir * edge + u2)));
      }
      return -0.5 * offset * (2 * ref + offset) - LOG_SQRT_2PI + Math.log(half * sum);
    }
    if (lo >= 0) {
      // Mirror into the left tail: the slice becomes [−hi, −lo], its exact edge −edge.
      return leftTailScaled(-ref, -offset, -width);
    }
    if (hi <= 0) {
      return leftTailScaled(ref, offset, width);
    }
    return logDiffCdf(lo, hi) + 0.5 * ref * ref;
  }

  /** {@link #logSliceMassScaled} for a slice inside (−∞, 0], from the scaled log-CDFs of its ends. */
  private static double leftTailScaled(double ref, double offset, double width) {
    double edge = ref + offset;
    double w = Math.abs(width);
    double lo;
    double hi;
    double base; // −(hi² − ref²)/2, from exact quantities
    double gap; // −(lo² − hi²)/2, so that log Φ(lo) − log Φ(hi) = ll − lh + gap ≤ 0
    if (width > 0) {
      lo = edge;
      hi = edge + w;
      base = -0.5 * offset * (2 * ref + offset) - 0.5 * w * (2 * lo + w);
      gap = 0.5 * w * (2 * lo + w);
    } else {
      hi = edge;
      lo = edge - w;
      base = -0.5 * offset * (2 * ref + offset);
      gap = 0.5 * w * (2 * hi - w);
    }
    double lh = logCdfScaled(hi);
    double ll = logCdfScaled(lo);
    return lh + base + log1mExp(Math.min(0, ll - lh + gap));
  }

  /** log Φ(x) + x²/2 for x ≤ 0: the slowly varying part of the log-CDF. */
  private static double logCdfScaled(double x) {
    double z = -x * SQRT_HALF;
    if (z <= THRESH) {
      return logCdf(x) + 0.5 * x * x;
    }
    return Math.log(erfcxLarge(z)) + LOG_HALF;
  }

  /** Positive nodes and weights of the 16-point Gauss–Legendre rule on [−1, 1] (nodes come in ± pairs). */
  private static final double[] GL_NODES = new double[8];
  private static final double[] GL_WEIGHTS = new double[8];

  static {
    // Newton on the Legendre polynomial P_16 from Chebyshev-like starting points (Numerical Recipes gauleg).
    int n = 16;
    for (int i = 0; i < n / 2; i++) {
      double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double pp = 0;
      for (int it = 0; it < 100; it++) {
        double p1 = 1;
        double p2 = 0;
        for (int j = 0; j < n; j++) {
          double p3 = p2;
          p2 = p1;
          p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
        }
        pp = n * (z * p1 - p2) / (z * z - 1);
        double z1 = z;
        z = z1 - p1 / pp;
        if (Math.abs(z - z1) < 1e-16) {
          break;
        }
      }
      GL_NODES[i] = z;
      GL_WEIGHTS[i] = 2 / ((1 - z * z) * pp * pp);
    }
  }

  /**
   * Φ(hi) − Φ(lo) for lo &lt; 0 &lt; hi as erf(hi/√2)/2 + erf(−lo/√2)/2, without the tail
   * refinements (one exponential per erf); NaN when the interval does not straddle 0. For the
   * accountant's inner loop, where the mass is O(1) and an absolute error of 1e-16 is all that matters.
   */
  static double straddlingMass(double lo, double hi) {
    if (!(lo < 0 && hi > 0)) {
      return Double.NaN;
    }
    return 0.5 * (erfPositive(hi * SQRT_HALF) + erfPositive(-lo * SQRT_HALF));
  }

  /** erf(y) for y ≥ 0 with absolute (not relative) accuracy near 1: e^{−y²} taken in one piece. */
  private static double erfPositive(double y) {
    if (y <= THRESH) {
      return erfSmall(y);
    }
    if (y >= 6) {
      return 1; // erfc(6) = 2e-17, below half an ulp of 1
    }
    return 1 - Math.exp(-y * y) * erfcxLarge(y);
  }

  /** log(Φ(hi) − Φ(lo)) for lo < hi ≤ 0. */
  private static double logDiffLeft(double lo, double hi) {
    double lh = logCdf(hi);
    double ll = logCdf(lo);
    return lh + log1mExp(ll - lh);
  }

  /** log(1 − e^x) for x ≤ 0, by whichever of expm1 and log1p keeps its precision (Mächler 2012). */
  public static double log1mExp(double x) {
    if (x > 0) {
      throw new IllegalArgumentException("StandardNormal.log1mExp: x must be <= 0, got " + x);
    }
    return x > -LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
  }

  /** log(e^a + e^b); −∞ stands for zero. */
  public static double logAddExp(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (lo == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    if (hi == Double.POSITIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  /** Φ⁻¹(p) for p in (0, 1). */
  public static double inverseCdf(double p) {
    if (!(p > 0 && p < 1)) {
      if (p == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (p == 1) {
        return Double.POSITIVE_INFINITY;
      }
      throw new IllegalArgumentException("StandardNormal.inverseCdf: p must be in [0, 1], got " + p);
    }
    return p <= 0.5 ? inverseLogCdf(Math.log(p)) : -inverseLogCdf(Math.log1p(-p));
  }

  /**
   * The x ≤ 0 with log Φ(x) = logP, for logP ≤ log(1/2); logP may be far below the log of the
   * smallest double (−745), which is how the truncated Gaussian samples deep in a tail. Newton on
   * the concave, increasing log Φ converges monotonically once an iterate is left of the root.
   */
  public static double inverseLogCdf(double logP) {
    if (Double.isNaN(logP)) {
      return logP;
    }
    if (logP > LOG_HALF) {
      throw new IllegalArgumentException("StandardNormal.inverseLogCdf: log p must be <= log(1/2), got " + logP
          + "; use the symmetry Φ⁻¹(p) = −Φ⁻¹(1 − p)");
    }
    if (logP == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double x;
    if (logP < LOG_P_LOW) {
      double q = Math.sqrt(-2 * logP);
      x = (((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5])
          / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1);
    } else {
      double q = Math.exp(logP) - 0.5;
      double r = q * q;
      x = (((((IA[0] * r + IA[1]) * r + IA[2]) * r + IA[3]) * r + IA[4]) * r + IA[5]) * q
          / (((((IB[0] * r + IB[1]) * r + IB[2]) * r + IB[3]) * r + IB[4]) * r + 1);
    }
    for (int it = 0; it < 60; it++) {
      double f = logCdf(x) - logP;
      // d/dx log Φ(x) = φ(x)/Φ(x), the inverse Mills ratio, kept in logs for the tail.
      double slope = Math.exp(logPdf(x) - logCdf(x));
      double step = f / slope;
      x -= step;
      if (!(Math.abs(step) > 1e-15 * Math.max(1, Math.abs(x)))) {
        break;
      }
    }
    return Math.min(x, 0);
  }
}
