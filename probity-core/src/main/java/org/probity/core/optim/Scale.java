package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * Multiplies updates by a constant (Optax's {@code scale}); with a factor of {@code −lr} it is the
 * last link of every fixed-rate optimiser, turning a descent direction into what gets added to the
 * parameters.
 */
public final class Scale implements GradientTransform<EmptyState> {
  private final String op;
  private final double factor;

  Scale(String op, double factor) {
    this.op = op;
    this.factor = Checks.finite(op, "factor", factor);
  }

  public double factor() {
    return factor;
  }

  @Override
  public EmptyState init(Params params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, Params params) {
    return new Update<>(scaled(op, updates, factor), EmptyState.INSTANCE);
  }

  /** Fresh updates {@code factor · updates}. */
  static Params scaled(String op, Params updates, double factor) {
    Checks.notNull(op, "updates", updates);
    float[][] u = ParamArrays.arrays(updates);
    float[][] out = ParamArrays.newArrays(updates);
    float f = (float) factor;
    for (int k = 0; k < u.length; k++) {
      float[] a = u[k];
      float[] o = out[k];
      for (int i = 0; i < a.length; i++) {
        o[i] = f * a[i];
      }
    }
    return ParamArrays.wrapLike(updates, out);
  }
}
