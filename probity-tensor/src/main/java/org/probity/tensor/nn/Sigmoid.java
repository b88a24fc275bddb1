package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Tensor;

/** The logistic function 1/(1+e^(-x)) as a parameter-free module; delegates to {@link Tensor#sigmoid()}. */
public final class Sigmoid implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "Sigmoid";
  }
}
