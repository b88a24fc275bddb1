package org.probity.privacy.accountant;

/**
 * The argument checks every privacy entry point shares, so a bad σ, q, δ or ε is rejected with
 * the same wording wherever it enters (the accountant, the calibration, the mechanisms, the CLI).
 * Each check names the operation and the offending value and returns the value when it is valid.
 */
public final class PrivacyChecks {
  private PrivacyChecks() {}

  public static double noiseMultiplier(String op, double sigma) {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(op + ": noise multiplier σ must be a finite number > 0, got " + sigma);
    }
    return sigma;
  }

  public static double sampleRate(String op, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException(op + ": sample rate q must be in (0, 1], got " + q);
    }
    return q;
  }

  public static double delta(String op, double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException(op + ": δ must be in (0, 1), got " + delta);
    }
    return delta;
  }

  public static long steps(String op, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException(op + ": steps must be >= 0, got " + steps);
    }
    return steps;
  }

  /** A target or budget ε: zero or negative budgets admit no private step at all. */
  public static double epsilon(String op, double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(op + ": ε must be a finite number > 0, got " + epsilon
          + (epsilon == 0 ? " (a budget of zero allows no private step)" : ""));
    }
    return epsilon;
  }

  public static double sensitivity(String op, double sensitivity) {
    if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
      throw new IllegalArgumentException(op + ": sensitivity must be a finite number > 0, got " + sensitivity);
    }
    return sensitivity;
  }
}
