package org.probity.tensor.loss;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Softmax cross-entropy from logits, one value per example: loss_i = −log softmax(z_i)[y_i], or with
 * label smoothing ε (Szegedy et al. 2016, PyTorch semantics) (1−ε)·NLL + ε·mean_c(−log p_c). Fused:
 * the forward computes a stable log-sum-exp per row (subtracting the row maximum) and keeps only
 * it; the backward rebuilds p = softmax(z) from it and returns g_i·(p − q) with q the (smoothed)
 * target distribution, which is the whole derivative because q sums to one. Returns [B]; the
 * objective (mean, tilted, ...) is applied to that vector afterwards.
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /** Per-example cross-entropy of logits [B, C] against integer labels; shape [B]. */
  public static Tensor perExample(Tensor logits, int[] labels) {
    return perExample(logits, labels, 0.0);
  }

  /** As {@link #perExample(Tensor, int[])} with label smoothing ε in [0, 1]. */
  public static Tensor perExample(Tensor logits, int[] labels, double labelSmoothing) {
    String op = "crossEntropy";
    LossChecks.rank2(op, logits);
    int b = logits.dim(0);
    int c = logits.dim(1);
    LossChecks.labels(op, labels, b, c);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1], got " + labelSmoothing);
    }
    float[] z = logits.data();
    float[] lse = new float[b];
    float[] loss = new float[b];
    double eps = labelSmoothing;
    for (int i = 0; i < b; i++) {
      int off = i * c;
      float max = Float.NEGATIVE_INFINITY;
      double sumZ = 0;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, z[off + j]);
        sumZ += z[off + j];
      }
      double s = 0;
      for (int j = 0; j < c; j++) {
        s += Math.exp(z[off + j] - max);
      }
      double logZ = max + Math.log(s);
      lse[i] = (float) logZ;
      loss[i] = (float) (logZ - (1 - eps) * z[off + labels[i]] - eps * sumZ / c);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(logits)) {
      return out;
    }
    int[] y = labels.clone();
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] dz = new float[z.length];
      float smooth = (float) (eps / c);
      float hit = (float) (1 - eps);
      for (int i = 0; i < b; i++) {
        int off = i * c;
        float gi = gd[i];
        float l = lse[i];
        for (int j = 0; j < c; j++) {
          dz[off + j] = gi * ((float) Math.exp(z[off + j] - l) - smooth);
        }
        dz[off + y[i]] -= gi * hit;
      }
      return new Tensor[] {Tensor.wrap(dz, logits.shape())};
    }, logits);
  }
}
