package org.probity.core.optim;

import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Rescales all updates together so their joint L2 norm is at most {@code maxNorm}, keeping their
 * direction (Pascanu, Mikolov and Bengio, "On the difficulty of training recurrent neural
 * networks", 2013; Optax's {@code clip_by_global_norm}). Updates already within the bound pass
 * through unchanged.
 */
public final class ClipByGlobalNorm implements GradientTransform<EmptyState> {
  private static final String OP = "clipByGlobalNorm";
  private final double maxNorm;

  ClipByGlobalNorm(double maxNorm) {
    this.maxNorm = Checks.positive(OP, "maxNorm", maxNorm);
  }

  public double maxNorm() {
    return maxNorm;
  }

  /** The L2 norm of all entries of all tensors, accumulated in double. */
  public static double globalNorm(Params updates) {
    double s = 0;
    for (Tensor t : updates.byName().values()) {
      float[] a = t.data();
      for (int i = 0; i < a.length; i++) {
        double v = a[i];
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }

  @Override
  public EmptyState init(Params params) {
    return EmptyState.INSTANCE;
  }

  @Override
  public Update<EmptyState> update(Params updates, EmptyState state, Params params) {
    Checks.notNull(OP, "updates", updates);
    double norm = globalNorm(updates);
    if (norm < maxNorm) {
      return new Update<>(updates, EmptyState.INSTANCE);
    }
    // NaN norms fall through to here and give NaN updates, so the trainer's NaN check sees them.
    return new Update<>(Scale.scaled(OP, updates, maxNorm / norm), EmptyState.INSTANCE);
  }
}
