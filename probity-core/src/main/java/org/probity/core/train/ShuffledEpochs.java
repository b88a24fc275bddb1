package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * The default {@link BatchSource}: each epoch is a fresh seeded permutation of the rows cut into
 * consecutive batches (the last one smaller when the size does not divide), as PyTorch's
 * DataLoader with {@code shuffle=True, drop_last=False}. The permutation of epoch e comes from
 * {@code rng.derive(e)} alone, so any step's batch can be recomputed, for example after resuming.
 */
final class ShuffledEpochs implements BatchSource {
  private final Dataset data;
  private final int batchSize;
  private final Rng rng;
  private final int perEpoch;
  private int epoch = -1;
  private Batches batches;

  ShuffledEpochs(Dataset data, int batchSize, Rng rng) {
    if (batchSize <= 0 || batchSize > data.size()) {
      throw new TrainConfigException("batchSize", "batch size " + batchSize + " must be in 1.." + data.size()
          + " for dataset '" + data.name() + "'");
    }
    this.data = data;
    this.batchSize = batchSize;
    this.rng = rng;
    this.perEpoch = (data.size() + batchSize - 1) / batchSize;
  }

  @Override
  public Batch next(int step, Rng stepRng) {
    int e = step / perEpoch;
    if (e != epoch) {
      batches = Batches.shuffled(data, batchSize, false, rng.derive(e));
      epoch = e;
    }
    return batches.get(step % perEpoch);
  }
}
