package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.objective.StochasticGroupTerm;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/**
 * Adapts TERM's stochastic group sampler ({@link StochasticGroupTerm}) to the trainer: the batch of
 * a step comes from a group drawn by its running estimate of exp(t·loss), and the batch's mean loss
 * is fed back after the forward pass, as in the authors' code (litian96/TERM, noisy_annotator).
 */
final class GroupTermBatches implements BatchSource {
  private final StochasticGroupTerm term;
  private final Dataset data;
  private final int batchSize;

  GroupTermBatches(StochasticGroupTerm term, Dataset data, int batchSize) {
    if (batchSize <= 0) {
      throw new TrainConfigException("batchSize", "batch size must be positive, got " + batchSize);
    }
    this.term = term;
    this.data = data;
    this.batchSize = batchSize;
  }

  @Override
  public Batch next(int step, Rng rng) {
    return term.nextBatch(data, batchSize, rng);
  }

  @Override
  public void observe(int step, Batch batch, Tensor perExampleLoss, double objectiveValue) {
    float[] l = perExampleLoss.data();
    double s = 0;
    for (float v : l) {
      s += v;
    }
    term.observe(term.lastGroup(), s / l.length);
  }
}
