package org.probity.tensor.loss;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** Argument checks shared by the losses, so every loss reports bad labels and shapes the same way. */
final class LossChecks {
  private LossChecks() {}

  /** Fails naming the label, its position and the class count. */
  static void labels(String op, int[] labels, int batch, int classes) {
    if (labels == null) {
      throw new IllegalArgumentException(op + ": labels must not be null");
    }
    if (labels.length != batch) {
      throw new IllegalArgumentException(op + ": " + labels.length + " labels for a batch of " + batch);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(op + ": label " + labels[i] + " at position " + i
            + " is out of range for " + classes + " classes");
      }
    }
  }

  /** [B, C] scores or logits. */
  static void rank2(String op, Tensor scores) {
    if (scores.rank() != 2) {
      throw new IllegalArgumentException(op + ": expected scores of shape [batch, classes], got " + scores.shape());
    }
  }

  /**
   * Checks that a prediction [B, ...] and a target agree: equal shapes, or [B] against [B, 1]
   * either way round. Returns the batch size.
   */
  static int pair(String op, Tensor pred, Tensor target) {
    Shape p = pred.shape();
    Shape t = target.shape();
    if (p.rank() < 1) {
      throw new IllegalArgumentException(op + ": input of shape " + p + " has no batch dimension");
    }
    boolean ok = p.equals(t)
        || (p.rank() == 1 && t.rank() == 2 && t.dim(1) == 1 && t.dim(0) == p.dim(0))
        || (t.rank() == 1 && p.rank() == 2 && p.dim(1) == 1 && p.dim(0) == t.dim(0));
    if (!ok) {
      throw new IllegalArgumentException(op + ": input of shape " + p + " and target of shape " + t + " do not match");
    }
    return p.dim(0);
  }
}
