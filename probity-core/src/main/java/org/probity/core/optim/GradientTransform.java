package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * One stage of an optimiser, after Optax's gradient transformations (Babuschkin et al., "The
 * DeepMind JAX Ecosystem", 2020): it maps incoming updates (at first the gradients) to outgoing
 * updates, with its state kept explicitly rather than hidden in an object, so that a federated
 * client's optimiser state is a value that can be stored per client id and restored later.
 * Optimisers are {@link Transforms#chain chains} of these; the final updates are added to the
 * parameters ({@link Transforms#applyUpdates}). DP noise and clipping are further links.
 *
 * @param <S> the state type (an immutable value or a fresh object per step)
 */
public interface GradientTransform<S> {
  /** The state before the first step, for parameters shaped like {@code params}. */
  S init(Params params);

  /**
   * Transforms {@code updates} (gradients, or the output of the previous link) given the current
   * {@code params}; never modifies its inputs.
   */
  Update<S> update(Params updates, S state, Params params);
}
