package org.probity.core.repro.term;

/**
 * Mean, sample standard deviation and extremes of one quantity measured once per seed. The TERM
 * claims are judged on means over seeds (a single seed of a small experiment is noisy), and the
 * spread is reported next to each mean so a reader can tell a margin from an accident.
 */
final class SeedStats {
  private final double[] values;

  SeedStats(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("seed stats: no values");
    }
    this.values = values.clone();
  }

  double mean() {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }

  /** Sample standard deviation (n − 1 in the denominator); 0 for a single seed. */
  double std() {
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

  double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  int count() {
    return values.length;
  }

  /** "1 seed" or "n seeds", for notes. */
  static String seeds(int n) {
    return n == 1 ? "1 seed" : n + " seeds";
  }

  double[] values() {
    return values.clone();
  }
}
