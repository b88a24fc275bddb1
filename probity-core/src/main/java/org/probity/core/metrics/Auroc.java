package org.probity.core.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve, computed exactly as the Mann–Whitney statistic (Hanley and McNeil 1982):
 * the probability that a random positive scores above a random negative, with ties counted half.
 * This equals the trapezoidal area under the empirical ROC curve, without choosing thresholds.
 * Sorting both classes' scores and walking them together costs O(n log n). Multiclass data use
 * the one-vs-rest macro average (each class against the rest, averaged over the classes that have
 * both positives and negatives), as scikit-learn's {@code roc_auc_score(multi_class="ovr")}.
 */
public final class Auroc {
  private Auroc() {}

  /** Binary AUROC of {@code scores} with {@code positive} marking the positives; NaN when a class is absent. */
  public static double binary(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException("auroc: " + scores.length + " scores for " + positive.length + " labels");
    }
    int nPos = 0;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("auroc: score at position " + i + " is NaN");
      }
      if (positive[i]) {
        nPos++;
      }
    }
    int nNeg = scores.length - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    double[] pos = new double[nPos];
    double[] neg = new double[nNeg];
    for (int i = 0, p = 0, q = 0; i < scores.length; i++) {
      if (positive[i]) {
        pos[p++] = scores[i];
      } else {
        neg[q++] = scores[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    // For each positive: negatives strictly below it count 1, equal ones 1/2. Both pointers only advance.
    double wins = 0;
    int below = 0;
    int atOrBelow = 0;
    for (double s : pos) {
      while (below < nNeg && neg[below] < s) {
        below++;
      }
      if (atOrBelow < below) {
        atOrBelow = below;
      }
      while (atOrBelow < nNeg && neg[atOrBelow] <= s) {
        atOrBelow++;
      }
      wins += below + 0.5 * (atOrBelow - below);
    }
    return wins / ((double) nPos * nNeg);
  }

  /** Binary AUROC of float scores against labels, with {@code positiveClass} as the positive label. */
  public static double binary(float[] scores, int[] labels, int positiveClass) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("auroc: " + scores.length + " scores for " + labels.length + " labels");
    }
    double[] s = new double[scores.length];
    boolean[] pos = new boolean[scores.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores[i];
      pos[i] = labels[i] == positiveClass;
    }
    return binary(s, pos);
  }

  /**
   * One-vs-rest macro AUROC from row-major [n, numClasses] probabilities (or any per-class scores);
   * classes without positives or without negatives are skipped; NaN when no class qualifies.
   * With two classes this is the binary AUROC of the class-1 column.
   */
  public static double oneVsRest(float[] probabilities, int numClasses, int[] labels) {
    int n = labels.length;
    Scores.checkShape("auroc", probabilities, n, numClasses);
    if (numClasses == 2) {
      return binary(column(probabilities, 2, 1), positives(labels, 1));
    }
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < numClasses; c++) {
      double a = binary(column(probabilities, numClasses, c), positives(labels, c));
      if (!Double.isNaN(a)) {
        sum += a;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  private static double[] column(float[] m, int cols, int c) {
    double[] out = new double[m.length / cols];
    for (int i = 0; i < out.length; i++) {
      out[i] = m[i * cols + c];
    }
    return out;
  }

  private static boolean[] positives(int[] labels, int c) {
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] == c;
    }
    return out;
  }
}
