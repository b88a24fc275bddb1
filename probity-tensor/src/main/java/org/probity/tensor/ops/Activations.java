package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/** STUB: to be implemented. */
public final class Activations {
  private Activations() {}

  public static Tensor tanh(Tensor a) {
    throw new UnsupportedOperationException("Activations.tanh: not implemented yet");
  }

  public static Tensor sigmoid(Tensor a) {
    throw new UnsupportedOperationException("Activations.sigmoid: not implemented yet");
  }

  public static Tensor relu(Tensor a) {
    throw new UnsupportedOperationException("Activations.relu: not implemented yet");
  }

  public static Tensor gelu(Tensor a) {
    throw new UnsupportedOperationException("Activations.gelu: not implemented yet");
  }
}
