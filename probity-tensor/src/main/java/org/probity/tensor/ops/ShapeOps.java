package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class ShapeOps {
  private ShapeOps() {}

  public static Tensor reshape(Tensor a, int... dims) {
    throw new UnsupportedOperationException("ShapeOps.reshape: not implemented yet");
  }

  public static Tensor transpose(Tensor a, int axis0, int axis1) {
    throw new UnsupportedOperationException("ShapeOps.transpose: not implemented yet");
  }

  public static Tensor permute(Tensor a, int... order) {
    throw new UnsupportedOperationException("ShapeOps.permute: not implemented yet");
  }

  public static Tensor slice(Tensor a, int axis, int start, int end) {
    throw new UnsupportedOperationException("ShapeOps.slice: not implemented yet");
  }

  public static Tensor squeeze(Tensor a, int axis) {
    throw new UnsupportedOperationException("ShapeOps.squeeze: not implemented yet");
  }

  public static Tensor unsqueeze(Tensor a, int axis) {
    throw new UnsupportedOperationException("ShapeOps.unsqueeze: not implemented yet");
  }

  public static Tensor flatten(Tensor a, int startAxis) {
    throw new UnsupportedOperationException("ShapeOps.flatten: not implemented yet");
  }

  public static Tensor broadcastTo(Tensor a, Shape target) {
    throw new UnsupportedOperationException("ShapeOps.broadcastTo: not implemented yet");
  }

  public static Tensor concat(int axis, Tensor... parts) {
    throw new UnsupportedOperationException("ShapeOps.concat: not implemented yet");
  }

  public static Tensor stack(int axis, Tensor... parts) {
    throw new UnsupportedOperationException("ShapeOps.stack: not implemented yet");
  }
}
