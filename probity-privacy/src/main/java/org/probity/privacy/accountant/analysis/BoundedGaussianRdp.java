package org.probity.privacy.accountant.analysis;

/**
 * Exact per-coordinate Rényi DP of the rectified and the truncated Gaussian mechanism (Hu, Guo,
 * Wang et al., "Privacy Amplification for the Gaussian Mechanism via Bounded Support", arXiv
 * 2403.05598). Both release one coordinate of a sum c whose neighbour is c + μ (L∞ clipping at μ
 * makes every coordinate's sensitivity μ, so coordinates are accounted independently and their RDP
 * adds): the rectified mechanism N^R(c, s², [−a, a]) adds N(0, s²) and clamps to [−a, a], putting
 * atoms at ±a; the truncated one N^T samples N(c, s²) conditioned on [−a, a]. Neither has the
 * Gaussian's constant α·μ²/(2s²): their RDP depends on where c sits relative to the support, and
 * falls towards 0 once |c| is several s beyond a — the amplification the paper measures.
 *
 * <p>Every formula is the one of the official code, {@code facebookresearch/bounded_gaussian_mechanism}
 * @ 703f492, {@code dp/utils/bounded_noise_rdp.py}, term by term; the arguments follow its order
 * {@code (alpha, a, c, mu, sigma)} with sigma the noise std s (the code passes σ·C) and mu the
 * clipping bound C. Each mechanism's RDP is the larger of the two directions
 * D_α(M(c) ‖ M(c+μ)) and D_α(M(c+μ) ‖ M(c)), as in {@code _compute_rdp_rn_no_subsampling_exact}.
 * The project notes (notes-federated-privacy.md §10) abbreviate the same terms; checked against
 * the code and re-derived, they agree (see the method comments).
 *
 * <p>Where this class departs from the code it is numerics, not formulas. The code multiplies and
 * subtracts raw CDFs in double precision and maps whatever comes out through {@code nan_to_num}
 * and a clip to [1e-20, ∞) (the whole curve then to ≥ 1e-15). Three failures follow, each checked
 * against 80-digit values in the tests. (1) Rectified: an atom's CDF at an argument below −38.5
 * underflows, 0/0 is NaN and the coordinate is reported as 1e-20, even when c sits deep inside a
 * wide support and the truth is the full Gaussian RDP (α = 8, a = 32, c = 8, μ = s = 1: truth 4.0,
 * code 1e-20). (2) Truncated: Z(c) = Φ((a−c)/s) − Φ((−a−c)/s) is a difference of two numbers near
 * 1 once c is more than about 8s below −a, which cancels to log(0) and again 1e-20, and loses
 * digits well before that (8% off at α = 1.1, a = 1, c = −12, μ = 0.01, s = 2). (3) Rectified, large
 * α: the atom ratio (P/Q)^α overflows and the coordinate becomes the largest double (α = 32,
 * a = 32, c = 0, μ = s = 1: truth 16.0). Here every term is a log-space quantity from
 * {@link StandardNormal}, the truncated brackets log Z(m+δ) − log Z(m) are computed as log-ratios of
 * masses rather than as differences of logs, and the value is floored at 0, the smallest a
 * divergence can be. The code also rounds c to a 0.1 grid and clamps it to [−100, 99.9] to look
 * values up in a table, which is neither exact nor conservative; callers here pass the exact c.
 */
public final class BoundedGaussianRdp {
  private BoundedGaussianRdp() {}

  /** The Gaussian mechanism's RDP α·μ²/(2s²) for one coordinate of sensitivity μ and noise std s. */
  public static double gaussian(double order, double sensitivity, double std) {
    checkOrder("BoundedGaussianRdp.gaussian", order);
    checkPositive("BoundedGaussianRdp.gaussian", "sensitivity μ", sensitivity);
    checkPositive("BoundedGaussianRdp.gaussian", "noise std s", std);
    return order * sensitivity * sensitivity / (2 * std * std);
  }

  // ------------------------------------------------------------------ rectified

  /** max of both directions: {@code _compute_rdp_rn_no_subsampling_exact}. */
  public static double rectified(double order, double bound, double center, double sensitivity, double std) {
    check("BoundedGaussianRdp.rectified", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    Tails t = new Tails(bound, center, sensitivity, std);
    return Math.max(rectifiedLeftToRight(order, t), rectifiedRightToLeft(order, t));
  }

  /**
   * D_α(N^R(c, s², [−a, a]) ‖ N^R(c+μ, s², [−a, a])),
   * {@code _compute_rdp_rn_no_subsampling_exact_left_to_right}:
   * (1/(α−1)) log[ e^{(α²−α)μ²/(2s²)} (Φ((a−c−(1−α)μ)/s) − Φ((−a−c−(1−α)μ)/s))
   * + (Φ((−a−c)/s)/Φ((−a−c−μ)/s))^α Φ((−a−c−μ)/s)
   * + (Φ((c−a)/s)/Φ((c+μ−a)/s))^α Φ((c+μ−a)/s) ].
   * The first term is ∫_{−a}^{a} p^α q^{1−α}, since p^α q^{1−α} is e^{(α²−α)μ²/(2s²)} times the
   * N(c+(1−α)μ, s²) density; the other two are the atoms at −a and +a, P^α Q^{1−α}.
   */
  public static double rectifiedLeftToRight(double order, double bound, double center, double sensitivity,
      double std) {
    check("BoundedGaussianRdp.rectifiedLeftToRight", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    return rectifiedLeftToRight(order, new Tails(bound, center, sensitivity, std));
  }

  /**
   * D_α(N^R(c+μ, s², [−a, a]) ‖ N^R(c, s², [−a, a])),
   * {@code _compute_rdp_rn_no_subsampling_exact_right_to_left}:
   * the same with the body's mean c + αμ, i.e. Φ((a−c−αμ)/s) − Φ((−a−c−αμ)/s), and the atoms
   * Φ((−a−c)/s)·(Φ((−a−c−μ)/s)/Φ((−a−c)/s))^α + Φ((c−a)/s)·(Φ((c+μ−a)/s)/Φ((c−a)/s))^α.
   */
  public static double rectifiedRightToLeft(double order, double bound, double center, double sensitivity,
      double std) {
    check("BoundedGaussianRdp.rectifiedRightToLeft", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    return rectifiedRightToLeft(order, new Tails(bound, center, sensitivity, std));
  }

  private static double rectifiedLeftToRight(double order, Tails t) {
    double body = t.bodyExponent(order) + t.logMass(1 - order);
    double lower = atom(t.logLower, t.logLowerShifted, order);
    double upper = atom(t.logUpper, t.logUpperShifted, order);
    return finish(order, body, lower, upper);
  }

  private static double rectifiedRightToLeft(double order, Tails t) {
    double body = t.bodyExponent(order) + t.logMass(order);
    double lower = atom(t.logLowerShifted, t.logLower, order);
    double upper = atom(t.logUpperShifted, t.logUpper, order);
    return finish(order, body, lower, upper);
  }

  /** log(P^α Q^{1−α}) for an atom of mass P under the first distribution and Q under the second. */
  private static double atom(double logP, double logQ, double order) {
    if (logP == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY; // P^α with α > 1 is 0
    }
    if (logQ == Double.NEGATIVE_INFINITY) {
      return Double.POSITIVE_INFINITY; // P has mass where Q has none
    }
    return order * (logP - logQ) + logQ;
  }

  private static double finish(double order, double body, double lower, double upper) {
    double log = StandardNormal.logAddExp(StandardNormal.logAddExp(body, lower), upper);
    // A divergence is never negative; rounding a log of 1 + O(ulp) can be.
    return Math.max(0, log / (order - 1));
  }

  // ------------------------------------------------------------------ truncated

  /** max of both directions: {@code _compute_rdp_no_subsampling_exact}. */
  public static double truncated(double order, double bound, double center, double sensitivity, double std) {
    check("BoundedGaussianRdp.truncated", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    return Math.max(truncatedLeftToRightUnchecked(order, bound, center, sensitivity, std),
        truncatedRightToLeftUnchecked(order, bound, center, sensitivity, std));
  }

  /**
   * D_α(N^T(c, s², [−a, a]) ‖ N^T(c+μ, s², [−a, a])),
   * {@code _compute_rdp_tn_no_subsampling_exact_left_to_right}:
   * αμ²/(2s²) + log Z(c+μ) − log Z(c) + (1/(α−1))[log Z(c+(1−α)μ) − log Z(c)], with
   * Z(m) = Φ((a−m)/s) − Φ((−a−m)/s) the mass N(m, s²) puts on [−a, a]. It follows from the
   * rectified body term divided by the normalisers: Z(c)^{−α} Z(c+μ)^{α−1}.
   */
  public static double truncatedLeftToRight(double order, double bound, double center, double sensitivity,
      double std) {
    check("BoundedGaussianRdp.truncatedLeftToRight", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    return truncatedLeftToRightUnchecked(order, bound, center, sensitivity, std);
  }

  /**
   * D_α(N^T(c+μ, s², [−a, a]) ‖ N^T(c, s², [−a, a])),
   * {@code _compute_rdp_tn_no_subsampling_exact_right_to_left}:
   * αμ²/(2s²) − log Z(c+μ) + log Z(c) + (1/(α−1))[log Z(c+αμ) − log Z(c+μ)].
   */
  public static double truncatedRightToLeft(double order, double bound, double center, double sensitivity,
      double std) {
    check("BoundedGaussianRdp.truncatedRightToLeft", order, bound, center, sensitivity, std);
    if (bound == Double.POSITIVE_INFINITY) {
      return gaussianUnchecked(order, sensitivity, std);
    }
    return truncatedRightToLeftUnchecked(order, bound, center, sensitivity, std);
  }

  private static double truncatedLeftToRightUnchecked(double order, double a, double c, double mu, double s) {
    double v = order * mu * mu / (2 * s * s) + logMassRatio(a, c, mu, s)
        + logMassRatio(a, c, (1 - order) * mu, s) / (order - 1);
    return Math.max(0, v);
  }

  private static double truncatedRightToLeftUnchecked(double order, double a, double c, double mu, double s) {
    double v = order * mu * mu / (2 * s * s) - logMassRatio(a, c, mu, s)
        + logMassRatio(a, c + mu, (order - 1) * mu, s) / (order - 1);
    return Math.max(0, v);
  }

  /**
   * log Z(m+δ) − log Z(m). Each log Z can be large (−75 when the support lies 12 s away) while
   * their difference is O(δ/s), so subtracting them would leave an absolute error of |log Z| ulps,
   * which (α−1) = 0.1 then multiplies tenfold. Instead the change of mass is computed directly as
   * the difference of the two thin slices the shift moves across each edge:
   * Z(m+δ) − Z(m) = [Φ(h−d) − Φ(h)] − [Φ(l−d) − Φ(l)], d = δ/s, and the log ratio is
   * log1p of that over Z(m). When the ratio is far from 1 the plain difference is already exact.
   */
  static double logMassRatio(double a, double m, double delta, double s) {
    if (delta == 0) {
      return 0;
    }
    double h = (a - m) / s;
    double l = (-a - m) / s;
    double d = delta / s;
    // Every mass is measured from an exact edge, against the edge of Z nearest 0, so deep-tail
    // logs (−x²/2) cancel analytically (see StandardNormal.logSliceMassScaled). Shifting m by δ
    // moves the support by −d in standard units: Z(m+δ) = Z(m) + gained − lost, where slices of
    // width |d| enter at one edge and leave at the other.
    double w = h - l;
    double ref;
    double logZ;
    double offL;
    double offH;
    double shifted;
    if (l >= 0) {
      ref = l;
      offL = 0;
      offH = w;
      logZ = StandardNormal.logSliceMassScaled(ref, 0, w);
    } else if (h <= 0) {
      ref = h;
      offL = -w;
      offH = 0;
      logZ = StandardNormal.logSliceMassScaled(ref, 0, -w);
    } else {
      ref = 0;
      offL = l;
      offH = h;
      logZ = StandardNormal.logDiffCdf(l, h);
    }
    double logGained = StandardNormal.logSliceMassScaled(ref, d > 0 ? offL : offH, -d) - logZ;
    double lost = Math.exp(StandardNormal.logSliceMassScaled(ref, d > 0 ? offH : offL, -d) - logZ);
    // With lost ≤ 1/2 the sum 1 + gained − lost cannot cancel (and a gain of e^800 is kept in
    // logs); otherwise more than half the mass moved, and the shifted support's own mass (its
    // exact edge offset by −d) is as precise.
    if (lost <= 0.5) {
      return logGained > 0
          ? logGained + Math.log1p((1 - lost) * Math.exp(-logGained))
          : Math.log1p(Math.exp(logGained) - lost);
    }
    if (l >= 0) {
      shifted = StandardNormal.logSliceMassScaled(ref, -d, w);
    } else if (h <= 0) {
      shifted = StandardNormal.logSliceMassScaled(ref, -d, -w);
    } else {
      shifted = StandardNormal.logDiffCdf(l - d, h - d);
    }
    return shifted - logZ;
  }

  // ------------------------------------------------------------------ curves over coordinates

  /**
   * The RDP curve of one release of a whole vector by the rectified mechanism: at each order, the
   * sum over coordinates of {@link #rectified} at that coordinate's c (RDP of independent
   * coordinates adds). The order-free tail CDFs are computed once per coordinate.
   */
  public static double[] rectifiedCurve(double[] orders, double bound, double[] centers, double sensitivity,
      double std) {
    checkCurve("BoundedGaussianRdp.rectifiedCurve", orders, bound, sensitivity, std);
    double[] out = new double[orders.length];
    if (bound == Double.POSITIVE_INFINITY) {
      for (int i = 0; i < orders.length; i++) {
        out[i] = centers.length * gaussianUnchecked(orders[i], sensitivity, std);
      }
      return out;
    }
    double d = sensitivity / std;
    double halfD2 = 0.5 * d * d;
    for (double c : centers) {
      checkCenter("BoundedGaussianRdp.rectifiedCurve", c);
      Tails t = new Tails(bound, c, sensitivity, std);
      double l0 = (-bound - c) / std;
      double u0 = (bound - c) / std;
      // Atom masses in linear form for the fast path; P under N^R(c), Q under N^R(c+μ).
      double pLo = Math.exp(t.logLower);
      double pHi = Math.exp(t.logUpper);
      double qLo = Math.exp(t.logLowerShifted);
      double qHi = Math.exp(t.logUpperShifted);
      double rLo = t.logLower - t.logLowerShifted; // log(P/Q) at −a
      double rHi = t.logUpper - t.logUpperShifted; // log(P/Q) at +a
      for (int i = 0; i < orders.length; i++) {
        double alpha = orders[i];
        double v = fastRectified(alpha, t, l0, u0, d, halfD2, pLo, pHi, qLo, qHi, rLo, rHi);
        if (Double.isNaN(v)) {
          v = Math.max(rectifiedLeftToRight(alpha, t), rectifiedRightToLeft(alpha, t));
        }
        out[i] += v;
      }
    }
    return out;
  }

  /**
   * Both directions of the rectified RDP in linear space, for the common case where neither body
   * interval lies in a tail (each straddles 0 and holds at least 1e-3 of the mass) and nothing
   * overflows: the accountant evaluates this for every coordinate, order and step (26 million
   * times for a 650-parameter, 40-step run on the default grid), so the two directions share e^B
   * and the atoms' (P/Q)^α, and the body masses use erf directly. The sum it takes the log of is the
   * same as the log-space path's, term for term, so the result agrees with it to rounding. Returns
   * NaN when the case does not apply.
   */
  private static double fastRectified(double alpha, Tails t, double l0, double u0, double d, double halfD2,
      double pLo, double pHi, double qLo, double qHi, double rLo, double rHi) {
    double b = (alpha * alpha - alpha) * halfD2;
    if (!(b < 700)) {
      return Double.NaN;
    }
    double mLtr = StandardNormal.straddlingMass(l0 - (1 - alpha) * d, u0 - (1 - alpha) * d);
    double mRtl = StandardNormal.straddlingMass(l0 - alpha * d, u0 - alpha * d);
    if (!(mLtr >= 1e-3 && mRtl >= 1e-3)) {
      return Double.NaN;
    }
    double eb = Math.exp(b);
    // Left to right the atoms are P^α Q^{1−α} = Q·(P/Q)^α; right to left P'^α Q'^{1−α} with
    // P' = Q, Q' = P, i.e. P/(P/Q)^α: one exponential serves both directions.
    double ltr = eb * mLtr;
    double rtl = eb * mRtl;
    double xLo = alpha * rLo;
    double xHi = alpha * rHi;
    if (Math.abs(xLo) < 700) {
      double ratio = Math.exp(xLo);
      ltr += qLo * ratio;
      rtl += pLo / ratio;
    } else {
      ltr += Math.exp(t.logLowerShifted + xLo);
      rtl += Math.exp(t.logLower - xLo);
    }
    if (Math.abs(xHi) < 700) {
      double ratio = Math.exp(xHi);
      ltr += qHi * ratio;
      rtl += pHi / ratio;
    } else {
      ltr += Math.exp(t.logUpperShifted + xHi);
      rtl += Math.exp(t.logUpper - xHi);
    }
    if (!(ltr < Double.POSITIVE_INFINITY && rtl < Double.POSITIVE_INFINITY)) {
      return Double.NaN;
    }
    return Math.max(0, Math.log(Math.max(ltr, rtl)) / (alpha - 1));
  }


  /** The truncated mechanism's curve, summed over coordinates like {@link #rectifiedCurve}. */
  public static double[] truncatedCurve(double[] orders, double bound, double[] centers, double sensitivity,
      double std) {
    checkCurve("BoundedGaussianRdp.truncatedCurve", orders, bound, sensitivity, std);
    double[] out = new double[orders.length];
    if (bound == Double.POSITIVE_INFINITY) {
      for (int i = 0; i < orders.length; i++) {
        out[i] = centers.length * gaussianUnchecked(orders[i], sensitivity, std);
      }
      return out;
    }
    for (double c : centers) {
      checkCenter("BoundedGaussianRdp.truncatedCurve", c);
      double shift = logMassRatio(bound, c, sensitivity, std); // log Z(c+μ) − log Z(c), order-free
      for (int i = 0; i < orders.length; i++) {
        double a = orders[i];
        double base = a * sensitivity * sensitivity / (2 * std * std);
        double ltr = base + shift + logMassRatio(bound, c, (1 - a) * sensitivity, std) / (a - 1);
        double rtl = base - shift + logMassRatio(bound, c + sensitivity, (a - 1) * sensitivity, std) / (a - 1);
        out[i] += Math.max(0, Math.max(ltr, rtl));
      }
    }
    return out;
  }

  /** The Gaussian's curve for {@code coordinates} coordinates: the reference both bounded curves stay below. */
  public static double[] gaussianCurve(double[] orders, int coordinates, double sensitivity, double std) {
    checkPositive("BoundedGaussianRdp.gaussianCurve", "sensitivity μ", sensitivity);
    checkPositive("BoundedGaussianRdp.gaussianCurve", "noise std s", std);
    double[] out = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      checkOrder("BoundedGaussianRdp.gaussianCurve", orders[i]);
      out[i] = coordinates * gaussianUnchecked(orders[i], sensitivity, std);
    }
    return out;
  }

  // ------------------------------------------------------------------ shared pieces

  /**
   * The log-CDFs a rectified release needs at one c: the atom at −a has mass Φ((−a−c)/s) under
   * N^R(c) and Φ((−a−c−μ)/s) under N^R(c+μ); the atom at +a has Φ((c−a)/s) and Φ((c+μ−a)/s).
   */
  private static final class Tails {
    final double a;
    final double c;
    final double mu;
    final double s;
    final double logLower;
    final double logLowerShifted;
    final double logUpper;
    final double logUpperShifted;

    Tails(double a, double c, double mu, double s) {
      this.a = a;
      this.c = c;
      this.mu = mu;
      this.s = s;
      this.logLower = StandardNormal.logCdf((-a - c) / s);
      this.logLowerShifted = StandardNormal.logCdf((-a - c - mu) / s);
      this.logUpper = StandardNormal.logCdf((c - a) / s);
      this.logUpperShifted = StandardNormal.logCdf((c + mu - a) / s);
    }

    /** log of e^{(α²−α)μ²/(2s²)}. */
    double bodyExponent(double order) {
      return (order * order - order) * mu * mu / (2 * s * s);
    }

    /** log(Φ((a−c−kμ)/s) − Φ((−a−c−kμ)/s)): the mass of [−a, a] under N(c + kμ, s²). */
    double logMass(double k) {
      double m = c + k * mu;
      return StandardNormal.logDiffCdf((-a - m) / s, (a - m) / s);
    }
  }

  private static double gaussianUnchecked(double order, double sensitivity, double std) {
    return order * sensitivity * sensitivity / (2 * std * std);
  }

  private static void check(String op, double order, double bound, double center, double sensitivity, double std) {
    checkOrder(op, order);
    checkBound(op, bound);
    checkCenter(op, center);
    checkPositive(op, "sensitivity μ", sensitivity);
    checkPositive(op, "noise std s", std);
  }

  private static void checkCurve(String op, double[] orders, double bound, double sensitivity, double std) {
    for (double a : orders) {
      checkOrder(op, a);
    }
    checkBound(op, bound);
    checkPositive(op, "sensitivity μ", sensitivity);
    checkPositive(op, "noise std s", std);
  }

  private static void checkOrder(String op, double order) {
    if (!(order > 1) || Double.isInfinite(order)) {
      throw new IllegalArgumentException(op + ": RDP order α must be a finite number > 1, got " + order);
    }
  }

  private static void checkBound(String op, double bound) {
    if (!(bound > 0)) {
      throw new IllegalArgumentException(op + ": support bound a must be > 0 (or +∞ for the plain Gaussian), got "
          + bound);
    }
  }

  private static void checkCenter(String op, double center) {
    if (!Double.isFinite(center)) {
      throw new IllegalArgumentException(op + ": the summed gradient coordinate c must be finite, got " + center);
    }
  }

  private static void checkPositive(String op, String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(op + ": " + what + " must be a finite number > 0, got " + v);
    }
  }
}
