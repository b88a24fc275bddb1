package org.probity.core.data;

import java.util.Iterator;
import org.probity.tensor.Rng;

/**
 * An endless stream of shuffled minibatches for step-based training: epoch after epoch, each with
 * a new permutation. Epoch {@code e} draws its permutation from {@code rng.derive(e)}, so it does
 * not depend on how many batches came before; a run resumed from a checkpoint at (epoch, batch)
 * sees exactly the batches the uninterrupted run would have seen.
 */
public final class BatchIterator implements Iterator<Batch> {
  private final Dataset data;
  private final int batchSize;
  private final boolean dropLast;
  private final Rng rng;
  private Batches current;
  private int epoch;
  private int position;
  private long step;

  public BatchIterator(Dataset data, int batchSize, boolean dropLast, Rng rng) {
    this.data = data;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.rng = rng;
    this.current = Batches.shuffled(data, batchSize, dropLast, rng.derive(0));
    if (current.count() == 0) {
      throw new IllegalArgumentException("batch iterator: dataset '" + data.name() + "' is empty");
    }
  }

  /** Starts at batch {@code batch} of epoch {@code epoch} (for resuming). */
  public BatchIterator seek(int epoch, int batch) {
    if (epoch < 0 || batch < 0 || batch >= current.count()) {
      throw new IllegalArgumentException("batch iterator: cannot seek to epoch " + epoch + ", batch " + batch + " of "
          + current.count());
    }
    this.epoch = epoch;
    this.current = Batches.shuffled(data, batchSize, dropLast, rng.derive(epoch));
    this.position = batch;
    this.step = (long) epoch * current.count() + batch;
    return this;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Batch next() {
    if (position == current.count()) {
      epoch++;
      position = 0;
      current = Batches.shuffled(data, batchSize, dropLast, rng.derive(epoch));
    }
    step++;
    return current.get(position++);
  }

  /** The epoch the most recent batch came from (0 before the first). */
  public int epoch() {
    return epoch;
  }

  /** Batches returned so far. */
  public long step() {
    return step;
  }

  public int batchesPerEpoch() {
    return current.count();
  }
}
