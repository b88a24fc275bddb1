package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Binary {
  private Binary() {}

  public static Tensor add(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.add: not implemented yet");
  }

  public static Tensor sub(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.sub: not implemented yet");
  }

  public static Tensor mul(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.mul: not implemented yet");
  }

  public static Tensor div(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.div: not implemented yet");
  }

  public static Tensor maximum(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.maximum: not implemented yet");
  }

  public static Tensor minimum(Tensor a, Tensor b) {
    throw new UnsupportedOperationException("Binary.minimum: not implemented yet");
  }
}
