package org.probity.core.repro.rcad;

/**
 * Mean and sample standard deviation of one quantity measured once per seed: the RCAD claims are
 * judged on means over seeds, and the spread is reported beside them so a margin can be told from
 * an accident of one seed.
 */
final class Stats {
  private Stats() {}

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n − 1); 0 for a single value. */
  static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  static String seeds(int n) {
    return n == 1 ? "1 seed" : n + " seeds";
  }
}
