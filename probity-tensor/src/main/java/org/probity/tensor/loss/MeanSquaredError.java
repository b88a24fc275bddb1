package org.probity.tensor.loss;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Squared error per example: loss_i = mean over the non-batch dimensions of (pred − target)², so a
 * [B] prediction gives plain squared errors and a [B, D] one the per-row mean, matching the mean
 * that PyTorch's MSELoss takes over the same elements. Fused: one pass forward, one backward
 * (2·(pred − target)·g_i / D to the prediction and its negative to the target).
 */
public final class MeanSquaredError {
  private MeanSquaredError() {}

  /** Per-example mean squared error of pred [B, ...] against target of the same shape; shape [B]. */
  public static Tensor perExample(Tensor pred, Tensor target) {
    String op = "meanSquaredError";
    int b = LossChecks.pair(op, pred, target);
    float[] p = pred.data();
    float[] t = target.data();
    int k = b == 0 ? 1 : p.length / b;
    float[] loss = new float[b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int j = i * k, end = j + k; j < end; j++) {
        double d = (double) p[j] - t[j];
        s += d * d;
      }
      loss[i] = (float) (s / k);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(pred, target)) {
      return out;
    }
    boolean needP = Tape.recording(pred);
    boolean needT = Tape.recording(target);
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] dp = needP ? new float[p.length] : null;
      float[] dt = needT ? new float[t.length] : null;
      for (int i = 0; i < b; i++) {
        float gi = 2f * gd[i] / k;
        for (int j = i * k, end = j + k; j < end; j++) {
          float d = gi * (p[j] - t[j]);
          if (needP) {
            dp[j] = d;
          }
          if (needT) {
            dt[j] = -d;
          }
        }
      }
      return new Tensor[] {
          needP ? Tensor.wrap(dp, pred.shape()) : null,
          needT ? Tensor.wrap(dt, target.shape()) : null};
    }, pred, target);
  }
}
