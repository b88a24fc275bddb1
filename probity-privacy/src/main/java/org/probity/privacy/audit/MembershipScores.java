package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The per-example statistics membership-inference attacks read off a classifier's logits: the
 * cross-entropy loss −log p_y, the confidence p_y (softmax probability of the true label), the
 * logit-scaled confidence φ = log(p_y / (1 − p_y)) that LiRA fits Gaussians to because it is close
 * to normal across training runs (Carlini et al., "Membership Inference Attacks From First
 * Principles", S&amp;P 2022), and the label-free top-two margin z_(1) − z_(2) of the mia-unseen code
 * (Thaker et al. 2025). φ is computed as z_y − logsumexp_{k≠y} z_k, which is exact and stays finite
 * where 1 − p_y rounds to zero. A single-logit model is read as binary logistic (logits 0 and z).
 *
 * @param loss −log p_y per example
 * @param confidence p_y per example
 * @param logitConfidence φ per example
 * @param margin top-two logit margin per example (0 for a single logit's two classes' difference is |z|)
 */
public record MembershipScores(double[] loss, double[] confidence, double[] logitConfidence, double[] margin) {

  /** The statistic an attack thresholds or models; each reads higher for members. */
  public enum Statistic {
    /** −loss. */
    NEGATIVE_LOSS,
    /** p_y. */
    CONFIDENCE,
    /** φ = log(p_y / (1 − p_y)). */
    LOGIT_CONFIDENCE,
    /** z_(1) − z_(2), needs no label. */
    MARGIN
  }

  /** The statistic {@code s} per example (a fresh array, higher = more member-like). */
  public double[] get(Statistic s) {
    switch (s) {
      case NEGATIVE_LOSS: {
        double[] out = new double[loss.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = -loss[i];
        }
        return out;
      }
      case CONFIDENCE:
        return confidence.clone();
      case LOGIT_CONFIDENCE:
        return logitConfidence.clone();
      case MARGIN:
        return margin.clone();
      default:
        throw new IllegalStateException("membership scores: unknown statistic " + s);
    }
  }

  /** The target model's scores on the labelled examples of {@code data}. */
  public static MembershipScores of(Module model, Dataset data) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("membership scores: dataset '" + data.name()
          + "' has regression targets; membership inference here needs class labels");
    }
    Tensor out = Evaluator.outputs(model, data);
    int n = data.size();
    int cols = out.size() / n;
    int expected = cols == 1 ? 2 : cols;
    if (out.rank() > 2 || expected != data.numClasses()) {
      throw new IllegalArgumentException("membership scores: the model has " + cols + " output(s) (" + expected
          + " classes) but dataset '" + data.name() + "' has " + data.numClasses()
          + " classes; attack data must have the target model's classes");
    }
    return fromLogits(out.data(), cols, data.labels());
  }

  /** Scores of row-major [n, cols] logits against {@code labels}; cols == 1 is a binary logistic logit. */
  public static MembershipScores fromLogits(float[] logits, int cols, int[] labels) {
    int n = labels.length;
    if (cols < 1 || logits.length != (long) n * cols) {
      throw new IllegalArgumentException("membership scores: " + logits.length + " logits do not form [" + n + ", "
          + cols + "] for " + n + " labels");
    }
    int classes = cols == 1 ? 2 : cols;
    double[] loss = new double[n];
    double[] conf = new double[n];
    double[] phi = new double[n];
    double[] margin = new double[n];
    double[] z = new double[classes];
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("membership scores: label " + y + " at position " + i
            + " is outside the model's " + classes + " classes");
      }
      if (cols == 1) {
        z[0] = 0;
        z[1] = logits[i];
      } else {
        for (int k = 0; k < cols; k++) {
          z[k] = logits[i * cols + k];
        }
      }
      double lseAll = logSumExp(z, -1);
      double lseOthers = logSumExp(z, y);
      double logP = z[y] - lseAll;
      loss[i] = -logP;
      conf[i] = Math.exp(logP);
      phi[i] = z[y] - lseOthers;
      double first = Double.NEGATIVE_INFINITY;
      double second = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        if (v > first) {
          second = first;
          first = v;
        } else if (v > second) {
          second = v;
        }
      }
      margin[i] = first - second;
    }
    return new MembershipScores(loss, conf, phi, margin);
  }

  /** log Σ_{k ≠ skip} exp(z_k), shifted by the maximum so that nothing overflows. */
  static double logSumExp(double[] z, int skip) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < z.length; k++) {
      if (k != skip && z[k] > max) {
        max = z[k];
      }
    }
    double s = 0;
    for (int k = 0; k < z.length; k++) {
      if (k != skip) {
        s += Math.exp(z[k] - max);
      }
    }
    return max + Math.log(s);
  }
}
