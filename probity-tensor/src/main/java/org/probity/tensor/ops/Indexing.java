package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Indexing {
  private Indexing() {}

  public static Tensor gather(Tensor a, int axis, int[] index, Shape indexShape) {
    throw new UnsupportedOperationException("Indexing.gather: not implemented yet");
  }

  public static Tensor scatterAdd(Tensor a, int axis, int[] index, Shape indexShape, Tensor src) {
    throw new UnsupportedOperationException("Indexing.scatterAdd: not implemented yet");
  }

  public static Tensor indexSelect(Tensor a, int axis, int[] indices) {
    throw new UnsupportedOperationException("Indexing.indexSelect: not implemented yet");
  }

  public static Tensor oneHot(int[] labels, int numClasses) {
    throw new UnsupportedOperationException("Indexing.oneHot: not implemented yet");
  }
}
