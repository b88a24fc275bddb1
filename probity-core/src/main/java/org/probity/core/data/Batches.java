package org.probity.core.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.probity.tensor.Rng;

/**
 * The minibatches of one epoch over a {@link Dataset}: a seeded permutation cut into batches of
 * {@code batchSize} (the last one smaller unless {@code dropLast}), or the rows in order for
 * evaluation. Batches are materialised one at a time as they are asked for, so an epoch over a
 * large dataset holds only its permutation. The same {@link Rng} state gives the same epoch.
 */
public final class Batches implements Iterable<Batch> {
  private final Dataset data;
  private final int[] order;
  private final int batchSize;
  private final int count;

  private Batches(Dataset data, int[] order, int batchSize, boolean dropLast) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batches: batch size must be positive, got " + batchSize);
    }
    int n = order.length;
    if (dropLast && batchSize > n) {
      throw new IllegalArgumentException("batches: batch size " + batchSize + " is larger than the " + n
          + " examples of '" + data.name() + "', so dropping the last partial batch leaves none");
    }
    this.data = data;
    this.order = order;
    this.batchSize = batchSize;
    this.count = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** One epoch in the order of a fresh permutation drawn from {@code rng}. */
  public static Batches shuffled(Dataset data, int batchSize, boolean dropLast, Rng rng) {
    return new Batches(data, rng.permutation(data.size()), batchSize, dropLast);
  }

  /** The rows in dataset order, every row once (for evaluation). */
  public static Batches inOrder(Dataset data, int batchSize) {
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return new Batches(data, order, batchSize, false);
  }

  /** Number of batches in the epoch. */
  public int count() {
    return count;
  }

  /** The row indices of batch {@code i}. */
  public int[] indices(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("batches: batch " + i + " of " + count);
    }
    int from = i * batchSize;
    return Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
  }

  public Batch get(int i) {
    return data.batch(indices(i));
  }

  /** The epoch's row order (a copy). */
  public int[] order() {
    return order.clone();
  }

  @Override
  public Iterator<Batch> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("batches: all " + count + " batches were returned");
        }
        return get(next++);
      }
    };
  }
}
