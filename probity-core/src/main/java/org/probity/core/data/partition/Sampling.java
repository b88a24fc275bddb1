package org.probity.core.data.partition;

import org.probity.tensor.Rng;

/**
 * Random draws the partitioners share: Dirichlet proportions (via Gamma variates, Marsaglia and
 * Tsang 2000, kept in log space so that tiny α such as 0.01 does not underflow every component to
 * zero) and largest-remainder apportionment of a total to integer counts.
 */
final class Sampling {
  private Sampling() {}

  /** log of a Gamma(shape, 1) variate. */
  static double logGamma(double shape, Rng rng) {
    if (shape < 1) {
      // Gamma(a) = Gamma(a + 1) * U^(1/a)
      double u = 1 - rng.nextDouble();
      return logGamma(shape + 1, rng) + Math.log(u) / shape;
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return Math.log(d * v);
      }
    }
  }

  /** A draw from the symmetric Dirichlet(alpha) over k components. */
  static double[] dirichlet(int k, double alpha, Rng rng) {
    double[] lg = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      lg[j] = logGamma(alpha, rng);
      max = Math.max(max, lg[j]);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      lg[j] = Math.exp(lg[j] - max);
      sum += lg[j];
    }
    for (int j = 0; j < k; j++) {
      lg[j] /= sum;
    }
    return lg;
  }

  /** Integer counts summing to {@code total}, proportional to non-negative {@code weights}. */
  static int[] apportion(double[] weights, int total) {
    int k = weights.length;
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    int[] out = new int[k];
    double[] rem = new double[k];
    int given = 0;
    for (int j = 0; j < k; j++) {
      double exact = sum > 0 ? weights[j] / sum * total : (double) total / k;
      out[j] = (int) Math.floor(exact);
      rem[j] = exact - out[j];
      given += out[j];
    }
    while (given < total) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (rem[j] > rem[best]) {
          best = j;
        }
      }
      out[best]++;
      rem[best] = -1;
      given++;
    }
    return out;
  }

  /**
   * Deals {@code rows} into parts of exactly {@code counts[p]} rows (the counts sum to rows.length),
   * stratified by {@code key} where given: rows are shuffled, grouped by key, and then walked with
   * smooth weighted round-robin, so every prefix of the walk, and hence every key's block, is shared
   * among the parts in proportion up to about one row.
   */
  static int[][] deal(int[] rows, int[] key, int[] counts, Rng rng) {
    int n = rows.length;
    int[] perm = rng.permutation(n);
    int[] order = new int[n];
    if (key == null) {
      for (int i = 0; i < n; i++) {
        order[i] = rows[perm[i]];
      }
    } else {
      int k = 0;
      for (int r : rows) {
        k = Math.max(k, key[r] + 1);
      }
      int[] start = new int[k + 1];
      for (int r : rows) {
        start[key[r] + 1]++;
      }
      for (int c = 0; c < k; c++) {
        start[c + 1] += start[c];
      }
      for (int i = 0; i < n; i++) {
        int r = rows[perm[i]];
        order[start[key[r]]++] = r;
      }
    }
    int parts = counts.length;
    int[][] out = new int[parts][];
    for (int p = 0; p < parts; p++) {
      out[p] = new int[counts[p]];
    }
    long[] credit = new long[parts];
    int[] fill = new int[parts];
    for (int i = 0; i < n; i++) {
      int best = -1;
      for (int p = 0; p < parts; p++) {
        credit[p] += counts[p];
        if (fill[p] < counts[p] && (best < 0 || credit[p] > credit[best])) {
          best = p;
        }
      }
      credit[best] -= n;
      out[best][fill[best]++] = order[i];
    }
    return out;
  }
}
