package org.probity.core.repro;

/**
 * Mean, sample standard deviation and extremes of one quantity measured once per seed. The
 * reproductions judge claims on means over seeds (a single seed of a small experiment is noisy),
 * and report the spread next to each mean so a reader can tell a margin from an accident.
 */
public final class SeedStats {
  private final double[] values;

  public SeedStats(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("seed stats: no values");
    }
    this.values = values.clone();
  }

  public double mean() {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }

  /** Sample standard deviation (n − 1 in the denominator); 0 for a single seed. */
  public double std() {
    if (values.length < 2) {
      return 0;
    }
    double m = mean();
    double s = 0;
    for (double v : values) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (values.length - 1));
  }

  public double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  public double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  public int count() {
    return values.length;
  }

  /** "1 seed" or "n seeds", for notes. */
  public static String seeds(int n) {
    return n == 1 ? "1 seed" : n + " seeds";
  }

  public double[] values() {
    return values.clone();
  }

  /** The mean of {@code v}. */
  public static double mean(double[] v) {
    return new SeedStats(v).mean();
  }

  /** The sample standard deviation of {@code v} (n − 1); 0 for a single value. */
  public static double std(double[] v) {
    return new SeedStats(v).std();
  }
}
