package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Tensor;

/**
 * The Gaussian error linear unit x·Φ(x) (Hendrycks and Gimpel 2016), exact erf form as PyTorch's
 * default, as a parameter-free module; delegates to {@link Tensor#gelu()}. Transformers use it.
 */
public final class GELU implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  @Override
  public Tensor forward(Tensor x) {
    return x.gelu();
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "GELU";
  }
}
