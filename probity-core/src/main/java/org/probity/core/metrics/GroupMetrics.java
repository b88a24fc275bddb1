package org.probity.core.metrics;

/**
 * Per-group figures and their worst case, the measurements of distributionally robust and fair
 * learning (Sagawa et al. 2020, "Distributionally Robust Neural Networks"; Li et al. 2021, TERM):
 * an average can hide a group the model fails. Groups are ids 0..numGroups-1; a group with no
 * examples gets NaN and is ignored by the worst-case functions.
 */
public final class GroupMetrics {
  private GroupMetrics() {}

  /** The mean of {@code values} within each group; NaN for empty groups. */
  public static double[] means(double[] values, int[] groups, int numGroups) {
    check(values.length, groups, numGroups);
    double[] sum = new double[numGroups];
    int[] count = new int[numGroups];
    for (int i = 0; i < values.length; i++) {
      sum[groups[i]] += values[i];
      count[groups[i]]++;
    }
    for (int g = 0; g < numGroups; g++) {
      sum[g] = count[g] == 0 ? Double.NaN : sum[g] / count[g];
    }
    return sum;
  }

  /** Accuracy within each group; NaN for empty groups. */
  public static double[] accuracy(int[] predicted, int[] labels, int[] groups, int numGroups) {
    if (predicted.length != labels.length) {
      throw new IllegalArgumentException("group accuracy: " + predicted.length + " predictions for "
          + labels.length + " labels");
    }
    double[] hit = new double[labels.length];
    for (int i = 0; i < hit.length; i++) {
      hit[i] = predicted[i] == labels[i] ? 1 : 0;
    }
    return means(hit, groups, numGroups);
  }

  /** The number of examples in each group. */
  public static int[] counts(int[] groups, int numGroups) {
    check(groups.length, groups, numGroups);
    int[] c = new int[numGroups];
    for (int g : groups) {
      c[g]++;
    }
    return c;
  }

  /** The smallest non-NaN value (the worst accuracy); NaN when there is none. */
  public static double worstLow(double[] perGroup) {
    double w = Double.NaN;
    for (double v : perGroup) {
      if (!Double.isNaN(v) && (Double.isNaN(w) || v < w)) {
        w = v;
      }
    }
    return w;
  }

  /** The largest non-NaN value (the worst loss); NaN when there is none. */
  public static double worstHigh(double[] perGroup) {
    double w = Double.NaN;
    for (double v : perGroup) {
      if (!Double.isNaN(v) && (Double.isNaN(w) || v > w)) {
        w = v;
      }
    }
    return w;
  }

  private static void check(int n, int[] groups, int numGroups) {
    if (groups.length != n) {
      throw new IllegalArgumentException("group metrics: " + groups.length + " group ids for " + n + " values");
    }
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] < 0 || groups[i] >= numGroups) {
        throw new IllegalArgumentException("group metrics: group id " + groups[i] + " at position " + i
            + " is outside 0.." + (numGroups - 1));
      }
    }
  }
}
