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
 * the code and re-derived, they agree (see the method comments). Where this class departs from the
 * code it is numerics, not formulas: the code multiplies and subtracts raw CDFs, so a c more than
 * ~8s outside the support gives 0/0 or log(0), which it maps with {@code nan_to_num} and then
 * clips to [1e-20, ∞) (and the whole curve to ≥ 1e-15); here every term is a log-space quantity
 * from {@link StandardNormal}, so the value is the true one (never NaN) and is floored at 0, the
 * smallest a divergence can be. The code also rounds c to a 0.1 grid and clamps it to [−100, 99.9]
 * to look values up in a table, which is neither exact nor conservative; callers here pass the
 * exact c.
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
   * D_α(N^R(c, s², [−a, a]) ‖ N^R(c+μ, s², [−a, a])), {@code _compute_rdp_rn_no_subsampling_exact_left_to_right}:
   * (1/(α−1)) log[ e^{(α²−α)μ²/(2s²)} (Φ((a−c−(1−α)μ)/s) − Φ((−a−c−(1−α)μ)/s))
   * + (Φ((−a−c)/s)/Φ((−a−c−μ)/s))^α Φ((−a−c−μ)/s) + (Φ((c−a)/s)/Φ((c+μ−a)/s))^α Φ((c+μ−a)/s) ].
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
   * D_α(N^R(c+μ, s², [−a, a]) ‖ N^R(c, s², [−a, a])), {@code _compute_rdp_rn_no_subsampling_exact_right_to_left}:
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
   * D_α(N^T(c, s², [−a, a]) ‖ N^T(c+μ, s², [−a, a])), {@code _compute_rdp_tn_no_subsampling_exact_left_to_right}:
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
   * D_α(N^T(c+μ, s², [−a, a]) ‖ N^T(c, s², [−a, a])), {@code _compute_rdp_tn_no_subsampling_exact_right_to_left}:
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
    double hw = a / s; // Z(m) is the mass of center ± hw in standard units
    double center = -m / s;
    double h = center + hw;
    double l = center - hw;
    double d = delta / s;
    // All masses relative to the edge nearest 0, so deep-tail logs (−x²/2) cancel analytically.
    double ref = l >= 0 ? l : (h <= 0 ? h : 0);
    double logZ = StandardNormal.logIntervalMassScaled(center, hw, ref);
    // The slices gained and lost, relative to Z(m), each by its centre and exact half-width |d|/2.
    double half = 0.5 * Math.abs(d);
    double gained;
    double lost;
    if (d > 0) {
      gained = Math.exp(StandardNormal.logIntervalMassScaled(l - half, half, ref) - logZ);
      lost = Math.exp(StandardNormal.logIntervalMassScaled(h - half, half, ref) - logZ);
    } else {
      gained = Math.exp(StandardNormal.logIntervalMassScaled(h + half, half, ref) - logZ);
      lost = Math.exp(StandardNormal.logIntervalMassScaled(l + half, half, ref) - logZ);
    }
    // Only when both slices are small next to Z is their difference free of cancellation; a large
    // shift (slices overlapping the support) changes Z by a large factor, and then the difference
    // of the two scaled logs has all the precision the answer needs.
    if (gained <= 0.5 && lost <= 0.5) {
      return Math.log1p(gained - lost);
    }
    return StandardNormal.logIntervalMassScaled(center - d, hw, ref) - logZ;
  }

  /** log Z(m) = log(Φ((a−m)/s) − Φ((−a−m)/s)). */
  static double logMass(double a, double m, double s) {
    return StandardNormal.logDiffCdf((-a - m) / s, (a - m) / s);
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
    for (double c : centers) {
      checkCenter("BoundedGaussianRdp.rectifiedCurve", c);
      Tails t = new Tails(bound, c, sensitivity, std);
      for (int i = 0; i < orders.length; i++) {
        out[i] += Math.max(rectifiedLeftToRight(orders[i], t), rectifiedRightToLeft(orders[i], t));
      }
    }
    return out;
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
