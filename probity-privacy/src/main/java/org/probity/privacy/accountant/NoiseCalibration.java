package org.probity.privacy.accountant;

import org.probity.privacy.accountant.analysis.Rdp;

/**
 * Planning a private run before it starts: the noise multiplier that meets a target ε, and the
 * number of steps a budget allows. ε of the subsampled Gaussian falls monotonically with σ and
 * rises with the number of steps, so both questions are answered by bisection (MR-MTL calls a
 * scalar minimiser on (ε_target − ε(σ))², Opacus's {@code get_noise_multiplier} bisects too); the
 * RDP accounting and grid are {@link Rdp}'s.
 */
public final class NoiseCalibration {
  /** The σ range searched: below it no useful privacy, above it the model learns nothing. */
  public static final double MIN_NOISE = 1e-3;
  public static final double MAX_NOISE = 1e5;
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private NoiseCalibration() {}

  /** ε of {@code steps} subsampled Gaussian steps on the default orders. */
  public static double epsilon(double noiseMultiplier, double sampleRate, long steps, double delta) {
    return epsilon(noiseMultiplier, sampleRate, steps, delta, Rdp.DEFAULT_ORDERS);
  }

  /** ε of {@code steps} subsampled Gaussian steps on the given orders. */
  public static double epsilon(double noiseMultiplier, double sampleRate, long steps, double delta, double[] orders) {
    return Rdp.toEpsilon(orders, Rdp.sampledGaussian(sampleRate, noiseMultiplier, steps, orders), delta).epsilon();
  }

  /**
   * The smallest σ (bisection) with ε(σ, q, steps, δ) <= targetEpsilon; IllegalArgumentException
   * naming the smallest reachable ε if none in [1e-3, 1e5].
   */
  public static double noiseFor(double targetEpsilon, double delta, double sampleRate, long steps) {
    return noiseFor(targetEpsilon, delta, sampleRate, steps, Rdp.DEFAULT_ORDERS);
  }

  /** {@link #noiseFor(double, double, double, long)} on the given orders. */
  public static double noiseFor(double targetEpsilon, double delta, double sampleRate, long steps, double[] orders) {
    String op = "NoiseCalibration.noiseFor";
    PrivacyChecks.epsilon(op, targetEpsilon);
    PrivacyChecks.delta(op, delta);
    PrivacyChecks.sampleRate(op, sampleRate);
    if (steps < 1) {
      throw new IllegalArgumentException(op + ": steps must be >= 1, got " + steps);
    }
    double hi = MAX_NOISE;
    double epsHi = epsilon(hi, sampleRate, steps, delta, orders);
    if (epsHi > targetEpsilon) {
      throw new IllegalArgumentException(String.format(
          "%s: target ε = %s is unreachable in %d steps with q = %s and δ = %s; the smallest reachable ε is %.6g (σ = %.0e)",
          op, targetEpsilon, steps, sampleRate, delta, epsHi, hi));
    }
    double lo = MIN_NOISE;
    if (epsilon(lo, sampleRate, steps, delta, orders) <= targetEpsilon) {
      return lo;
    }
    // Invariant: ε(lo) > target >= ε(hi). Bisect in log σ, since σ spans eight decades.
    while (hi - lo > RELATIVE_TOLERANCE * hi) {
      double mid = Math.sqrt(lo * hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (epsilon(mid, sampleRate, steps, delta, orders) <= targetEpsilon) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** The largest number of steps whose ε stays <= budget (0 if even one step exceeds it). */
  public static long maxSteps(double budgetEpsilon, double delta, double noiseMultiplier, double sampleRate) {
    return maxSteps(budgetEpsilon, delta, noiseMultiplier, sampleRate, Rdp.DEFAULT_ORDERS);
  }

  /** {@link #maxSteps(double, double, double, double)} on the given orders. */
  public static long maxSteps(double budgetEpsilon, double delta, double noiseMultiplier, double sampleRate, double[] orders) {
    String op = "NoiseCalibration.maxSteps";
    PrivacyChecks.epsilon(op, budgetEpsilon);
    PrivacyChecks.delta(op, delta);
    PrivacyChecks.noiseMultiplier(op, noiseMultiplier);
    PrivacyChecks.sampleRate(op, sampleRate);
    // RDP is linear in the steps, so the per-step curve is computed once and scaled.
    double[] perStep = Rdp.sampledGaussian(sampleRate, noiseMultiplier, 1, orders);
    if (spentAfter(perStep, orders, 1, delta) > budgetEpsilon) {
      return 0;
    }
    long lo = 1;
    long hi = 2;
    while (spentAfter(perStep, orders, hi, delta) <= budgetEpsilon) {
      lo = hi;
      if (hi > Long.MAX_VALUE / 4) {
        return hi; // the budget is never exhausted in any practical run
      }
      hi *= 2;
    }
    // Invariant: ε(lo) <= budget < ε(hi).
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (spentAfter(perStep, orders, mid, delta) <= budgetEpsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double spentAfter(double[] perStep, double[] orders, long steps, double delta) {
    double[] rdp = new double[perStep.length];
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] = perStep[i] * steps;
    }
    return Rdp.toEpsilon(orders, rdp, delta).epsilon();
  }
}
