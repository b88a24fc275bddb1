package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Tensor;

/** The hyperbolic tangent as a parameter-free module for {@link Sequential}; delegates to {@link Tensor#tanh()}. */
public final class Tanh implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "Tanh";
  }
}
