package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Tensor;

/**
 * The rectifier max(x, 0) as a module (Nair and Hinton 2010), so it can sit in a {@link Sequential};
 * it delegates to {@link Tensor#relu()} and has no parameters.
 */
public final class ReLU implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
