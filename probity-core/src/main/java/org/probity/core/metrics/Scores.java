package org.probity.core.metrics;

/**
 * Turns raw model outputs into class probabilities for the metrics that need them (AUROC,
 * calibration): a softmax per row for multi-column scores, and (1 − σ(z), σ(z)) for a single binary
 * logit, so that both model shapes yield one probability per class. For a linear SVM the softmax
 * of its scores is only a ranking score, which is all AUROC needs; its calibration error is then
 * a property of that mapping, not of the SVM.
 */
public final class Scores {
  private Scores() {}

  /** The number of classes that {@code cols} output columns describe: 2 for a single logit. */
  public static int classes(int cols) {
    return cols == 1 ? 2 : cols;
  }

  /** Row-major [rows, classes(cols)] probabilities from [rows, cols] scores. */
  public static float[] probabilities(float[] scores, int rows, int cols) {
    checkShape("probabilities", scores, rows, cols);
    if (cols == 1) {
      float[] p = new float[rows * 2];
      for (int i = 0; i < rows; i++) {
        double z = scores[i];
        double s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        p[2 * i] = (float) (1 - s);
        p[2 * i + 1] = (float) s;
      }
      return p;
    }
    float[] p = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      int off = i * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, scores[off + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp(scores[off + j] - max);
      }
      for (int j = 0; j < cols; j++) {
        p[off + j] = (float) (Math.exp(scores[off + j] - max) / sum);
      }
    }
    return p;
  }

  static void checkShape(String op, float[] scores, int rows, int cols) {
    if (rows < 0 || cols < 1 || (long) rows * cols != scores.length) {
      throw new IllegalArgumentException(op + ": " + scores.length + " scores do not form [" + rows + ", " + cols
          + "]");
    }
  }
}
