package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Softmax {
  private Softmax() {}

  public static Tensor softmax(Tensor a, int axis) {
    throw new UnsupportedOperationException("Softmax.softmax: not implemented yet");
  }

  public static Tensor logSoftmax(Tensor a, int axis) {
    throw new UnsupportedOperationException("Softmax.logSoftmax: not implemented yet");
  }
}
