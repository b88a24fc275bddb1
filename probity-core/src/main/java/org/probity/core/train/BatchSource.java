package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.objective.StochasticGroupTerm;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/**
 * Chooses the minibatch of each training step. The default walks shuffled epochs; a method can
 * choose differently, such as TERM's stochastic solver, which samples a group by its tilted weight
 * and then a batch within it (Li et al. 2021, Algorithm 2). The trainer passes a random stream
 * derived from the root seed and the step, so a source that draws only from it repeats exactly.
 */
@FunctionalInterface
public interface BatchSource {
  /**
   * The batch for step {@code step} (0-based: the number of steps already taken), drawn using
   * {@code rng}, which is fresh for every step.
   */
  Batch next(int step, Rng rng);

  /**
   * Called after the forward pass of step {@code step} on the batch this source returned, with the
   * per-example losses (detached, [B]) and the objective's value, before the parameters change:
   * the moment a sampler that adapts to losses (TERM's group sampler) updates its estimates.
   */
  default void observe(int step, Batch batch, Tensor perExampleLoss, double objectiveValue) {}

  /**
   * Shuffled epochs: epoch e visits the rows in the order of a permutation drawn from
   * {@code rng.derive(e)}, in batches of {@code batchSize}; the last batch of an epoch holds the
   * remainder. Random access by step, so the batch of a step does not depend on earlier calls.
   */
  static BatchSource shuffled(Dataset data, int batchSize, Rng rng) {
    return new ShuffledEpochs(data, batchSize, rng);
  }

  /**
   * Poisson subsampling, the batches DP-SGD's accountant assumes: every step each row is included
   * independently with probability {@code sampleRate} (in (0, 1]), drawn from
   * {@code rng.derive(step)}; batches have q·n rows on average and may be empty (a step of noise
   * alone). A step is one draw, so one expected pass over the data takes 1/q steps: the trainer
   * counts epochs with {@link TrainConfig#batchSize()}, which should then be the expected batch
   * size round(q·n).
   */
  static BatchSource poisson(Dataset data, double sampleRate, Rng rng) {
    return new PoissonBatches(data, sampleRate, rng);
  }

  /**
   * TERM's stochastic group sampler (Li et al. 2023, hierarchical TERM): each step samples a group
   * with probability proportional to {@code term}'s estimate and a batch of up to {@code batchSize}
   * of its rows, and after the forward pass folds the batch's mean loss into that group's estimate.
   * Train it with the plain mean objective ({@code Mean.INSTANCE}).
   */
  static BatchSource groupTerm(StochasticGroupTerm term, Dataset data, int batchSize) {
    return new GroupTermBatches(term, data, batchSize);
  }
}
