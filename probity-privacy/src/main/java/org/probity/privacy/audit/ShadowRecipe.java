package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * How to train a model the way the target was trained, as shadow-model attacks (Shokri et al.
 * 2017; LiRA, Carlini et al. 2022) and canary audits need it: a fresh model of the target's
 * architecture and output classes, trained on the given rows with the target's procedure. The
 * attack is only as strong as this imitation, so an audit of a Probity run trains with the run's
 * own recipe (its optimiser, epochs, DP-SGD or federation) rather than a generic one; a model
 * without a run behind it uses {@link TrainingRecipe}.
 */
public interface ShadowRecipe {
  /** Trains a fresh model on {@code data}, initialised and shuffled from {@code rng}. */
  Module train(Dataset data, Rng rng);

  /** The target's number of classes: every model this recipe trains has that many outputs. */
  int classes();
}
