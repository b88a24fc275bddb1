package org.probity.privacy.accountant.analysis;

import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.PrivacySpent;

/**
 * Rényi differential privacy (Mironov 2017) of the Poisson-subsampled Gaussian mechanism, and its
 * conversion to (ε, δ). The per-order bound is the one of Mironov, Talwar and Zhang 2019 ("Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism", §3.3): log A_α as a finite binomial sum
 * for integer α and as a two-sided erfc series for fractional α, both summed in log space. The
 * conversion is Balle et al. 2020 ("Hypothesis testing interpretations and Rényi differential
 * privacy", Thm 21). The implementation follows the shape of Opacus's {@code accountants/analysis/rdp.py}
 * and TF-Privacy's {@code rdp_accountant.py} (which the PFL-DocVQA competition calculator copies), so
 * ε values agree with those libraries to many digits; it is pure math with no state.
 */
public final class Rdp {
  /**
   * The default order grid: PFL-DocVQA's (and Opacus 0.15's) 1.1, 1.2, …, 10.9 and 12, 13, …, 63,
   * extended with 128, 256 and 512 (as MR-MTL and DP² do) so that small-ε, many-step runs, whose
   * optimum order is large, are not cut off at 63. Fractional orders matter near α = 1–11: with
   * integers only, PFL-DocVQA's σ = 0.468 setting gives ε ≈ 10.4 instead of 8.0.
   */
  public static final double[] DEFAULT_ORDERS = buildDefaultOrders();

  /** Below this a term of the fractional-order series no longer moves the sum (as in Opacus). */
  private static final double SERIES_CUTOFF = -30;
  private static final int SERIES_MAX_TERMS = 10_000_000;

  private Rdp() {}

  private static double[] buildDefaultOrders() {
    double[] orders = new double[99 + 52 + 3];
    int k = 0;
    for (int x = 1; x < 100; x++) {
      orders[k++] = 1 + x / 10.0; // the same doubles as Python's 1 + x / 10.0
    }
    for (int a = 12; a < 64; a++) {
      orders[k++] = a;
    }
    orders[k++] = 128;
    orders[k++] = 256;
    orders[k++] = 512;
    return orders;
  }

  /** A fresh copy of {@link #DEFAULT_ORDERS}, safe to modify. */
  public static double[] defaultOrders() {
    return DEFAULT_ORDERS.clone();
  }

  /** RDP of {@code steps} compositions of the subsampled Gaussian mechanism, one value per order. */
  public static double[] sampledGaussian(double sampleRate, double noiseMultiplier, long steps, double[] orders) {
    PrivacyChecks.sampleRate("Rdp.sampledGaussian", sampleRate);
    PrivacyChecks.noiseMultiplier("Rdp.sampledGaussian", noiseMultiplier);
    PrivacyChecks.steps("Rdp.sampledGaussian", steps);
    double[] rdp = new double[orders.length];
    if (steps == 0) {
      return rdp;
    }
    for (int i = 0; i < orders.length; i++) {
      rdp[i] = sampledGaussianStep(sampleRate, noiseMultiplier, orders[i]) * steps;
    }
    return rdp;
  }

  /** RDP at one order α > 1 of a single step of the subsampled Gaussian mechanism. */
  public static double sampledGaussianStep(double sampleRate, double noiseMultiplier, double order) {
    PrivacyChecks.sampleRate("Rdp.sampledGaussianStep", sampleRate);
    PrivacyChecks.noiseMultiplier("Rdp.sampledGaussianStep", noiseMultiplier);
    checkOrder("Rdp.sampledGaussianStep", order);
    if (order == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    if (sampleRate == 1) {
      // Without subsampling it is the Gaussian mechanism: D_α(N(1,σ²) || N(0,σ²)) = α / (2σ²).
      return order / (2 * noiseMultiplier * noiseMultiplier);
    }
    double logA = isInteger(order)
        ? logAInteger(sampleRate, noiseMultiplier, (int) order)
        : logAFractional(sampleRate, noiseMultiplier, order);
    // RDP is never negative; when σ is huge log A_α is a few ulps from 0 and rounding can flip its sign.
    return Math.max(0, logA / (order - 1));
  }

  /**
   * The smallest ε over the orders for this δ by Balle et al. 2020:
   * ε(α) = R(α) + log((α−1)/α) − (log δ + log α)/(α−1). Orders ≤ 1 and NaN values are skipped;
   * if nothing is left the answer is ε = ∞ at order NaN (Opacus's "no privacy" case). As in
   * TF-Privacy's {@code _compute_epsilon}, an order whose R(α) is below −log(1 − δ²) gives ε = 0,
   * and ε is clamped at 0 since a privacy loss cannot be negative.
   */
  public static PrivacySpent toEpsilon(double[] orders, double[] rdp, double delta) {
    PrivacyChecks.delta("Rdp.toEpsilon", delta);
    if (orders.length != rdp.length) {
      throw new IllegalArgumentException("Rdp.toEpsilon: " + orders.length + " orders but "
          + rdp.length + " RDP values");
    }
    double logDelta = Math.log(delta);
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      double r = rdp[i];
      if (!(a > 1) || Double.isNaN(r) || a == Double.POSITIVE_INFINITY) {
        continue;
      }
      if (r < 0) {
        throw new IllegalArgumentException("Rdp.toEpsilon: RDP must be >= 0, got " + r + " at order " + a);
      }
      // TF-Privacy's trivial case: TV ≤ sqrt(1 − e^{−R}) (Bretagnolle–Huber, as D_α ≥ KL), so
      // R ≤ −log(1 − δ²) is already (0, δ)-DP; without it an empty history would report ε ≈ 0.008.
      double eps = delta * delta + Math.expm1(-r) >= 0 ? 0
          : r + Math.log1p(-1 / a) - (logDelta + Math.log(a)) / (a - 1);
      if (Double.isNaN(bestOrder) || eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new PrivacySpent(Math.max(0, best), delta, bestOrder);
  }

  static boolean isInteger(double order) {
    return order == Math.rint(order) && order < Integer.MAX_VALUE;
  }

  static void checkOrder(String op, double order) {
    if (!(order > 1)) {
      throw new IllegalArgumentException(op + ": RDP order α must be > 1, got " + order);
    }
  }

  /** log A_α = log Σ_{k=0..α} C(α,k) q^k (1−q)^{α−k} exp((k²−k)/(2σ²)) for integer α. */
  static double logAInteger(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoVar = 2 * sigma * sigma;
    double logA = Double.NEGATIVE_INFINITY;
    double logBinom = 0; // log C(α, 0)
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        logBinom += Math.log(alpha - k + 1) - Math.log(k);
      }
      double s = logBinom + k * logQ + (alpha - k) * log1mQ + ((double) k * k - k) / twoVar;
      logA = LogMath.logAdd(logA, s);
    }
    return logA;
  }

  /**
   * log A_α for fractional α: A_α splits into integrals over (−∞, z₀] and [z₀, ∞) with
   * z₀ = σ² log(1/q − 1) + 1/2, each an infinite binomial series whose terms carry an erfc factor.
   * The generalised binomial C(α, i) changes sign once i > α, so terms are added or subtracted
   * by that sign; the series stops when both terms fall below e^{-30}.
   */
  static double logAFractional(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoVar = 2 * sigma * sigma;
    double sqrt2Sigma = Math.sqrt(2) * sigma;
    double logHalf = Math.log(0.5);
    double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
    double logA0 = Double.NEGATIVE_INFINITY;
    double logA1 = Double.NEGATIVE_INFINITY;
    double logAbsCoef = 0; // log |C(α, 0)|
    boolean positive = true;
    for (int i = 0; i < SERIES_MAX_TERMS; i++) {
      if (i > 0) {
        double factor = alpha - i + 1;
        logAbsCoef += Math.log(Math.abs(factor)) - Math.log(i);
        if (factor < 0) {
          positive = !positive;
        }
      }
      double j = alpha - i;
      double logT0 = logAbsCoef + i * logQ + j * log1mQ;
      double logT1 = logAbsCoef + j * logQ + i * log1mQ;
      double logE0 = logHalf + LogMath.logErfc((i - z0) / sqrt2Sigma);
      double logE1 = logHalf + LogMath.logErfc((z0 - j) / sqrt2Sigma);
      double logS0 = logT0 + ((double) i * i - i) / twoVar + logE0;
      double logS1 = logT1 + (j * j - j) / twoVar + logE1;
      if (positive) {
        logA0 = LogMath.logAdd(logA0, logS0);
        logA1 = LogMath.logAdd(logA1, logS1);
      } else {
        logA0 = LogMath.logSub(logA0, logS0);
        logA1 = LogMath.logSub(logA1, logS1);
      }
      if (Math.max(logS0, logS1) < SERIES_CUTOFF) {
        break;
      }
    }
    return LogMath.logAdd(logA0, logA1);
  }
}
