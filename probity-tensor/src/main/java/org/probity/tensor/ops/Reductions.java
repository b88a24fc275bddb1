package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Reductions {
  private Reductions() {}

  public static Tensor sum(Tensor a) {
    throw new UnsupportedOperationException("Reductions.sum: not implemented yet");
  }

  public static Tensor sum(Tensor a, int axis, boolean keepDim) {
    throw new UnsupportedOperationException("Reductions.sum: not implemented yet");
  }

  public static Tensor mean(Tensor a) {
    throw new UnsupportedOperationException("Reductions.mean: not implemented yet");
  }

  public static Tensor mean(Tensor a, int axis, boolean keepDim) {
    throw new UnsupportedOperationException("Reductions.mean: not implemented yet");
  }

  public static Tensor max(Tensor a, int axis, boolean keepDim) {
    throw new UnsupportedOperationException("Reductions.max: not implemented yet");
  }

  public static int[] argmax(Tensor a, int axis) {
    throw new UnsupportedOperationException("Reductions.argmax: not implemented yet");
  }

  public static Tensor logsumexp(Tensor a, int axis, boolean keepDim) {
    throw new UnsupportedOperationException("Reductions.logsumexp: not implemented yet");
  }

  public static Tensor variance(Tensor a, int axis, boolean keepDim, int correction) {
    throw new UnsupportedOperationException("Reductions.variance: not implemented yet");
  }
}
