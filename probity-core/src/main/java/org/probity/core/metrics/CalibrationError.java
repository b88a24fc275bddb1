package org.probity.core.metrics;

/**
 * Expected calibration error (Naeini et al. 2015; as used by Guo et al. 2017, "On Calibration of
 * Modern Neural Networks"): predictions are put into equal-width bins by confidence, and the
 * error is the example-weighted mean gap between each bin's accuracy and its mean confidence,
 * Σ_b (n_b / n)·|acc_b − conf_b|. Bin b holds confidences in (b/B, (b+1)/B], as in Guo et al.'s
 * code; a confidence of exactly 0 goes to the first bin. The confidence of a prediction is its
 * largest class probability, and it is correct when that class is the label.
 */
public final class CalibrationError {
  /** The bin count Guo et al. use, and Probity's default. */
  public static final int DEFAULT_BINS = 15;

  private CalibrationError() {}

  /** ECE of confidences in [0, 1] with their correctness, over {@code bins} equal-width bins. */
  public static double expected(double[] confidence, boolean[] correct, int bins) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException("ece: " + confidence.length + " confidences for " + correct.length
          + " outcomes");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("ece: bins must be positive, got " + bins);
    }
    int n = confidence.length;
    if (n == 0) {
      throw new IllegalArgumentException("ece: no examples");
    }
    double[] confSum = new double[bins];
    double[] hitSum = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < n; i++) {
      double c = confidence[i];
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("ece: confidence " + c + " at position " + i + " is outside [0, 1]");
      }
      int b = bin(c, bins);
      confSum[b] += c;
      hitSum[b] += correct[i] ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(hitSum[b] - confSum[b]) / n;
      }
    }
    return ece;
  }

  /** The bin of confidence c: b with b/B < c <= (b+1)/B, and 0 for c = 0. */
  static int bin(double c, int bins) {
    int b = (int) Math.ceil(c * bins) - 1;
    return Math.max(0, Math.min(bins - 1, b));
  }

  /** ECE with {@link #DEFAULT_BINS} bins from row-major [n, numClasses] probabilities and labels. */
  public static double expected(float[] probabilities, int numClasses, int[] labels) {
    return expected(probabilities, numClasses, labels, DEFAULT_BINS);
  }

  /** ECE over {@code bins} bins on max-probability confidence. */
  public static double expected(float[] probabilities, int numClasses, int[] labels, int bins) {
    int n = labels.length;
    Scores.checkShape("ece", probabilities, n, numClasses);
    double[] conf = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      int off = i * numClasses;
      int best = 0;
      float max = probabilities[off];
      for (int j = 1; j < numClasses; j++) {
        if (probabilities[off + j] > max) {
          max = probabilities[off + j];
          best = j;
        }
      }
      conf[i] = Math.min(1.0, Math.max(0.0, max));
      correct[i] = best == labels[i];
    }
    return expected(conf, correct, bins);
  }
}
