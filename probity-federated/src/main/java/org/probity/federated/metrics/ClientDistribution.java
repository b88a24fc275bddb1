package org.probity.federated.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * Summary of one per-client quantity (final test accuracy or loss per client) across the clients of
 * a federation. Personalised federated learning is judged by the whole distribution, not the mean:
 * the mean can rise while the weakest clients get worse, which is why the worst-10% mean (the mean
 * over the lowest ⌈n/10⌉ clients, as in the fairness evaluations of q-FFL and Ditto) and the
 * percentiles are reported next to it.
 *
 * <p>Conventions: {@code std} is the population standard deviation (divide by n, NumPy's default
 * {@code ddof=0}), since the clients are the whole population being described. Percentiles use
 * linear interpolation between closest ranks (NumPy's default {@code "linear"}, Hyndman–Fan type 7):
 * for the ascending values x[0..n−1] and p in [0, 1], h = (n − 1)·p and the percentile is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). "Worst" means lowest value, so for a loss (higher is
 * worse) use {@code max}/{@code p90} instead of {@code worst10Mean}.
 */
public record ClientDistribution(int n, double mean, double std, double min, double max, double p10, double p25,
    double median, double p75, double p90, double worst10Mean) {

  /** The distribution of the values of a map from client id to value (ids are not used). */
  public static ClientDistribution of(Map<Integer, Double> byClient) {
    double[] v = new double[byClient.size()];
    int i = 0;
    for (Map.Entry<Integer, Double> e : byClient.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("client distribution: client " + e.getKey() + " has no value");
      }
      v[i++] = e.getValue();
    }
    return of(v);
  }

  /** The distribution of {@code values} (one per client; not modified). */
  public static ClientDistribution of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("client distribution: no clients");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("client distribution: value " + i + " is " + values[i]);
      }
    }
    double[] x = values.clone();
    Arrays.sort(x);
    int n = x.length;
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return new ClientDistribution(n, mean, Math.sqrt(ss / n), x[0], x[n - 1], percentileOfSorted(x, 0.10),
        percentileOfSorted(x, 0.25), percentileOfSorted(x, 0.50), percentileOfSorted(x, 0.75),
        percentileOfSorted(x, 0.90), lowestMeanOfSorted(x, worstCount(n, 0.10)));
  }

  /** The p-th quantile (p in [0, 1]) of ascending {@code sorted}, by the linear rule in the class comment. */
  public static double percentileOfSorted(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("percentile: no values");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("percentile: p must be in [0, 1], got " + p);
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  /**
   * How many clients the worst {@code fraction} covers: ⌈fraction·n⌉, at least 1. The product is
   * rounded to 1e-9 first so that 0.1·30 (3.0000000000000004 in floating point) counts 3, not 4.
   */
  public static int worstCount(int n, double fraction) {
    if (n < 1) {
      throw new IllegalArgumentException("worst count: n must be >= 1, got " + n);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("worst count: fraction must be in (0, 1], got " + fraction);
    }
    double k = Math.rint(fraction * n * 1e9) / 1e9;
    return Math.max(1, Math.min(n, (int) Math.ceil(k)));
  }

  /** The mean of the lowest ⌈fraction·n⌉ of {@code values} (not modified). */
  public static double worstMean(double[] values, double fraction) {
    double[] x = values.clone();
    Arrays.sort(x);
    return lowestMeanOfSorted(x, worstCount(x.length, fraction));
  }

  private static double lowestMeanOfSorted(double[] sorted, int k) {
    double s = 0;
    for (int i = 0; i < k; i++) {
      s += sorted[i];
    }
    return s / k;
  }
}
