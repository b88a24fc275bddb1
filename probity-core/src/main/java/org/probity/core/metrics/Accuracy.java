package org.probity.core.metrics;

/**
 * Classification accuracy, and the predictions it is measured on. Model outputs arrive as a
 * row-major [rows, cols] score array: with one column it is a binary logit (class 1 when the score
 * is positive, as logistic regression decides), with more it is one score per class (the largest
 * wins, first index on ties, as argmax does everywhere else in Probity).
 */
public final class Accuracy {
  private Accuracy() {}

  /** The fraction of positions where {@code predicted} equals {@code labels}. */
  public static double of(int[] predicted, int[] labels) {
    if (predicted.length != labels.length) {
      throw new IllegalArgumentException("accuracy: " + predicted.length + " predictions for " + labels.length
          + " labels");
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("accuracy: no examples");
    }
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        hits++;
      }
    }
    return (double) hits / labels.length;
  }

  /** The predicted class of each row of a [rows, cols] score array (see the class comment). */
  public static int[] predictions(float[] scores, int rows, int cols) {
    Scores.checkShape("predictions", scores, rows, cols);
    int[] out = new int[rows];
    if (cols == 1) {
      for (int i = 0; i < rows; i++) {
        out[i] = scores[i] > 0 ? 1 : 0;
      }
      return out;
    }
    for (int i = 0; i < rows; i++) {
      int off = i * cols;
      int best = 0;
      float max = scores[off];
      for (int j = 1; j < cols; j++) {
        if (scores[off + j] > max) {
          max = scores[off + j];
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }
}
