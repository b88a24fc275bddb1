package org.probity.privacy.repro;

/**
 * Mean, sample standard deviation and extremes of one number measured once per seed: the private
 * claims are judged on seed means (one seed of a noisy private run is not evidence), and the spread
 * is reported beside each mean so a margin can be told from an accident.
 */
record SeedSummary(double mean, double std, double min, double max, int seeds) {
  static SeedSummary of(double[] v) {
    if (v.length == 0) {
      throw new IllegalArgumentException("seed summary: no values");
    }
    double s = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      s += x;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    double mean = s / v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double std = v.length < 2 ? 0 : Math.sqrt(ss / (v.length - 1));
    return new SeedSummary(mean, std, lo, hi, v.length);
  }

  /** Puts {@code prefix.mean}, {@code .std}, {@code .min}, {@code .max} into {@code m}. */
  void put(java.util.Map<String, Double> m, String prefix) {
    m.put(prefix + ".mean", mean);
    m.put(prefix + ".std", std);
    m.put(prefix + ".min", min);
    m.put(prefix + ".max", max);
  }
}
