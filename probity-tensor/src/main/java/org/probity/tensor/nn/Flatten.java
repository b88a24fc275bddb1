package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Keeps dimension 0 (the batch) and flattens the rest: [B, d1, d2, ...] becomes [B, d1·d2·…], the
 * bridge between convolutional and dense layers. Row-major storage makes this a relabelling of the
 * same values; the output gets its own copy so that, like every op, it never aliases its input.
 */
public final class Flatten implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  @Override
  public Tensor forward(Tensor x) {
    Shape xs = x.shape();
    if (xs.rank() < 1) {
      throw new IllegalArgumentException("flatten: input of shape " + xs + " has no batch dimension");
    }
    int b = xs.dim(0);
    Shape os = Shape.of(b, b == 0 ? 0 : xs.size() / b);
    Tensor out = Tensor.wrap(x.data().clone(), os);
    return Tape.record("flatten", out, g -> new Tensor[] {Tensor.wrap(g.data().clone(), xs)}, x);
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "Flatten";
  }
}
