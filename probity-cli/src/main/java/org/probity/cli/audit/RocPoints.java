package org.probity.cli.audit;

import java.util.Arrays;

/**
 * The ROC points an audit writes and draws, thinned so that roc.csv and the chart stay small when
 * the attack scored hundreds of thousands of examples. The low-FPR end, the part a privacy audit
 * reads (Carlini et al. 2022: TPR at 0.1% FPR, not the AUROC), is kept point for point; beyond it a
 * point is kept only when it moves FPR or TPR by a fixed fraction of its value (an even spacing on
 * the report's log-log axes) or by a thousandth in absolute terms (an even spacing on linear axes).
 * The first point (0, 0) and the last (1, 1) are always kept, and a subset of a monotone curve is
 * monotone, so the thinned curve is still a ROC curve.
 */
final class RocPoints {
  /**
   * Curves with at most this many points are written whole. A thinned curve has at most about
   * 5,000 (both rates climbing through 1e-6 to 0.1 in relative steps, then in absolute ones) and in
   * practice a few thousand.
   */
  static final int MAX_POINTS = 4000;
  /** The first points (lowest FPR) kept exactly however long the curve. */
  static final int EXACT_HEAD = 1000;
  /** Relative step on log axes: about 230 points per decade at most. */
  static final double RELATIVE_STEP = 0.01;
  /** Absolute step on linear axes. */
  static final double ABSOLUTE_STEP = 0.001;

  private RocPoints() {}

  /** {@code points} ({fpr, tpr} pairs, nondecreasing) thinned as the class comment says; not copied when short. */
  static double[][] thin(double[][] points) {
    if (points.length <= MAX_POINTS) {
      return points;
    }
    double[][] out = new double[points.length][];
    int n = 0;
    for (int k = 0; k < points.length; k++) {
      double[] p = points[k];
      if (k < EXACT_HEAD || k == points.length - 1 || moved(out[n - 1], p)) {
        out[n++] = p;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean moved(double[] last, double[] p) {
    return far(last[0], p[0]) || far(last[1], p[1]);
  }

  private static boolean far(double from, double to) {
    double d = to - from;
    return d > 0 && (d >= ABSOLUTE_STEP || d >= RELATIVE_STEP * from);
  }
}
