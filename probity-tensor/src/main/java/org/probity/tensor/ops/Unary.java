package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Unary {
  private Unary() {}

  public static Tensor add(Tensor a, float s) {
    throw new UnsupportedOperationException("Unary.add: not implemented yet");
  }

  public static Tensor mul(Tensor a, float s) {
    throw new UnsupportedOperationException("Unary.mul: not implemented yet");
  }

  public static Tensor exp(Tensor a) {
    throw new UnsupportedOperationException("Unary.exp: not implemented yet");
  }

  public static Tensor log(Tensor a) {
    throw new UnsupportedOperationException("Unary.log: not implemented yet");
  }

  public static Tensor sqrt(Tensor a) {
    throw new UnsupportedOperationException("Unary.sqrt: not implemented yet");
  }

  public static Tensor square(Tensor a) {
    throw new UnsupportedOperationException("Unary.square: not implemented yet");
  }

  public static Tensor pow(Tensor a, float p) {
    throw new UnsupportedOperationException("Unary.pow: not implemented yet");
  }

  public static Tensor abs(Tensor a) {
    throw new UnsupportedOperationException("Unary.abs: not implemented yet");
  }

  public static Tensor clamp(Tensor a, float min, float max) {
    throw new UnsupportedOperationException("Unary.clamp: not implemented yet");
  }
}
