package org.probity.tensor.loss;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Binary cross-entropy, one value per example. Inputs have shape [B] or [B, ...] (multi-label);
 * with more than one value per example the loss is their mean, as MSE does. Targets have the same
 * shape ([B] against [B, 1] is accepted either way). Two forms, as PyTorch: {@link #withLogits}
 * is the stable one, max(x, 0) − x·y + log(1 + e^(−|x|)), which never forms sigmoid(x) and so never
 * takes log 0; {@link #perExample} takes probabilities and clamps each log at −100 as PyTorch's
 * {@code binary_cross_entropy} does, so a saturated prediction costs 100 rather than infinity.
 */
public final class BinaryCrossEntropy {
  private static final float LOG_FLOOR = -100f;
  private static final double GRAD_EPS = 1e-12;

  private BinaryCrossEntropy() {}

  /** Per-example BCE of logits against targets in [0, 1]; shape [B]. */
  public static Tensor withLogits(Tensor logits, Tensor targets) {
    String op = "binaryCrossEntropyWithLogits";
    int b = LossChecks.pair(op, logits, targets);
    float[] x = logits.data();
    float[] y = targets.data();
    int k = b == 0 ? 1 : x.length / b;
    float[] loss = new float[b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int j = i * k, end = j + k; j < end; j++) {
        double xv = x[j];
        s += Math.max(xv, 0) - xv * y[j] + Math.log1p(Math.exp(-Math.abs(xv)));
      }
      loss[i] = (float) (s / k);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(logits, targets)) {
      return out;
    }
    boolean needX = Tape.recording(logits);
    boolean needY = Tape.recording(targets);
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] dx = needX ? new float[x.length] : null;
      float[] dy = needY ? new float[y.length] : null;
      for (int i = 0; i < b; i++) {
        float gi = gd[i] / k;
        for (int j = i * k, end = j + k; j < end; j++) {
          if (needX) {
            dx[j] = gi * (float) (sigmoid(x[j]) - y[j]);
          }
          if (needY) {
            dy[j] = -gi * x[j];
          }
        }
      }
      return new Tensor[] {
          needX ? Tensor.wrap(dx, logits.shape()) : null,
          needY ? Tensor.wrap(dy, targets.shape()) : null};
    }, logits, targets);
  }

  /** Per-example BCE of probabilities in [0, 1] against targets; shape [B]. */
  public static Tensor perExample(Tensor probabilities, Tensor targets) {
    String op = "binaryCrossEntropy";
    int b = LossChecks.pair(op, probabilities, targets);
    float[] p = probabilities.data();
    float[] y = targets.data();
    for (int j = 0; j < p.length; j++) {
      if (!(p[j] >= 0 && p[j] <= 1)) {
        throw new IllegalArgumentException(op + ": probability " + p[j] + " at flat position " + j
            + " is outside [0, 1]; use withLogits for raw scores");
      }
    }
    int k = b == 0 ? 1 : p.length / b;
    float[] loss = new float[b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int j = i * k, end = j + k; j < end; j++) {
        s -= y[j] * logClamped(p[j]) + (1 - y[j]) * logClamped(1 - (double) p[j]);
      }
      loss[i] = (float) (s / k);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(probabilities, targets)) {
      return out;
    }
    boolean needP = Tape.recording(probabilities);
    boolean needY = Tape.recording(targets);
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] dp = needP ? new float[p.length] : null;
      float[] dy = needY ? new float[y.length] : null;
      for (int i = 0; i < b; i++) {
        double gi = (double) gd[i] / k;
        for (int j = i * k, end = j + k; j < end; j++) {
          double pv = p[j];
          if (needP) {
            dp[j] = (float) (gi * (pv - y[j]) / Math.max(pv * (1 - pv), GRAD_EPS));
          }
          if (needY) {
            dy[j] = (float) (-gi * (logClamped(pv) - logClamped(1 - pv)));
          }
        }
      }
      return new Tensor[] {
          needP ? Tensor.wrap(dp, probabilities.shape()) : null,
          needY ? Tensor.wrap(dy, targets.shape()) : null};
    }, probabilities, targets);
  }

  private static double logClamped(double v) {
    return Math.max(Math.log(v), LOG_FLOOR);
  }

  private static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
