package org.probity.privacy.optim;

import org.probity.core.optim.Update;
import org.probity.tensor.nn.Params;

/**
 * A private optimiser that works from materialised per-example gradients, in Optax's
 * init/update shape (explicit state values, see {@link org.probity.core.optim.GradientTransform}):
 * {@code update} turns one batch's {@link PerExampleGradients} into the updates to ADD to the
 * parameters (so a descent step is negative) and the next state. It exists beside the plain
 * gradient-transform chain because the adaptive private methods — DP² (Li, Zaheer, Reddi, Smith,
 * ICLR 2023) and AdaDPS (Li, Zaheer, Liu, Reddi, McMahan, Smith, ICML 2022) — precondition each
 * example's clean gradient before clipping, which a transform that only sees the noisy sum cannot
 * do. Every {@code update} is exactly one subsampled-Gaussian release with the optimiser's noise
 * multiplier: the caller steps the accountant once per call.
 *
 * @param <S> the state (an immutable value holding the step count, so the noise of step t is drawn
 *     from a stream derived from t and runs repeat exactly)
 */
public interface PrivateOptimizer<S> {
  /** The state before the first step, for parameters shaped like {@code params}. */
  S init(Params params);

  /** One private step; never modifies its inputs. */
  Update<S> update(PerExampleGradients grads, S state, Params params);

  /** The noise multiplier σ of every release, for the accountant. */
  double noiseMultiplier();
}
