package org.probity.tensor.loss;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Hinge (SVM) losses, one value per example. The multiclass form is Weston and Watkins (1999) in
 * PyTorch's {@code multi_margin_loss} normalisation: loss_i = Σ_{j≠y_i} max(0, 1 − s_{y_i} + s_j) / C,
 * so values match PyTorch with reduction 'none'. Weston–Watkins rather than Crammer–Singer because
 * it penalises every violating class, not only the worst, and its subgradient needs no argmax.
 * The binary form takes scores [B] (or [B, 1]) and targets ±1: loss_i = max(0, 1 − y_i·s_i). At a
 * kink the subgradient 0 is used.
 */
public final class Hinge {
  private Hinge() {}

  /** Multiclass hinge of scores [B, C] against integer labels; shape [B]. */
  public static Tensor perExample(Tensor scores, int[] labels) {
    String op = "hinge";
    LossChecks.rank2(op, scores);
    int b = scores.dim(0);
    int c = scores.dim(1);
    LossChecks.labels(op, labels, b, c);
    float[] s = scores.data();
    float[] loss = new float[b];
    for (int i = 0; i < b; i++) {
      int off = i * c;
      float sy = s[off + labels[i]];
      double sum = 0;
      for (int j = 0; j < c; j++) {
        if (j != labels[i]) {
          sum += Math.max(0f, 1f - sy + s[off + j]);
        }
      }
      loss[i] = (float) (sum / c);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(scores)) {
      return out;
    }
    int[] y = labels.clone();
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] ds = new float[s.length];
      for (int i = 0; i < b; i++) {
        int off = i * c;
        float gi = gd[i] / c;
        float sy = s[off + y[i]];
        int active = 0;
        for (int j = 0; j < c; j++) {
          if (j != y[i] && 1f - sy + s[off + j] > 0f) {
            ds[off + j] = gi;
            active++;
          }
        }
        ds[off + y[i]] = -gi * active;
      }
      return new Tensor[] {Tensor.wrap(ds, scores.shape())};
    }, scores);
  }

  /** Binary hinge of scores [B] or [B, 1] against targets of ±1; shape [B]. */
  public static Tensor perExample(Tensor scores, Tensor targets) {
    String op = "binaryHinge";
    int b = LossChecks.pair(op, scores, targets);
    if (scores.size() != b) {
      throw new IllegalArgumentException(op + ": expected scores of shape [batch] or [batch, 1], got "
          + scores.shape());
    }
    float[] s = scores.data();
    float[] y = targets.data();
    for (int i = 0; i < b; i++) {
      if (y[i] != 1f && y[i] != -1f) {
        throw new IllegalArgumentException(op + ": target " + y[i] + " at position " + i + " must be +1 or -1");
      }
    }
    float[] loss = new float[b];
    for (int i = 0; i < b; i++) {
      loss[i] = Math.max(0f, 1f - y[i] * s[i]);
    }
    Tensor out = Tensor.wrap(loss, Shape.of(b));
    if (!Tape.recording(scores)) {
      return out;
    }
    return Tape.record(op, out, g -> {
      float[] gd = g.data();
      float[] ds = new float[b];
      for (int i = 0; i < b; i++) {
        if (1f - y[i] * s[i] > 0f) {
          ds[i] = -y[i] * gd[i];
        }
      }
      return new Tensor[] {Tensor.wrap(ds, scores.shape())};
    }, scores);
  }
}
