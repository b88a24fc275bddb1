package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * Adds {@code weightDecay · params} to the updates (Optax's {@code add_decayed_weights}). Placed
 * after an adaptive scaling and before the learning rate it gives decoupled weight decay
 * (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019): AdamW; placed
 * before it, it is plain L2 regularisation.
 */
public final class AddDecayedWeights implements GradientTransform<EmptyState> {
  private static final String OP = "addDecayedWeights";
  private final double weightDecay;

  AddDecayedWeights(double weightDecay) {
    this.weightDecay = Checks.nonNegative(OP, "weightDecay", weightDecay);
  }

  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public EmptyState init(Params params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, Params params) {
    Checks.notNull(OP, "updates", updates);
    if (params == null) {
      throw new IllegalArgumentException(OP + ": needs the current params, got null");
    }
    ParamArrays.sameLayout(OP, updates, params, "params");
    float[][] u = ParamArrays.arrays(updates);
    float[][] p = ParamArrays.arrays(params);
    float[][] out = ParamArrays.newArrays(updates);
    float wd = (float) weightDecay;
    for (int k = 0; k < u.length; k++) {
      float[] a = u[k];
      float[] w = p[k];
      float[] o = out[k];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i] + wd * w[i];
      }
    }
    return new Update<>(ParamArrays.wrapLike(updates, out), EmptyState.INSTANCE);
  }
}
