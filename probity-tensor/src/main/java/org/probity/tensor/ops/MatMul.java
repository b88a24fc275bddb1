package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class MatMul {
  private MatMul() {}

  public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    throw new UnsupportedOperationException("MatMul.matmul: not implemented yet");
  }
}
