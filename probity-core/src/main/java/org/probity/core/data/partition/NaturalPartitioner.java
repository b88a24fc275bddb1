package org.probity.core.data.partition;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * The partition the data came with: one client per distinct value of the dataset's client-id
 * column (LEAF users, FedProx Synthetic(α, β) devices, rotated/patched digit silos). Clients are
 * numbered in ascending order of their id, which becomes the source id. Needs no randomness.
 */
public final class NaturalPartitioner implements Partitioner {
  @Override
  public Partition partition(Dataset data, Rng rng) {
    int[] ids = data.clients();
    if (ids == null) {
      throw new IllegalArgumentException("natural partition: dataset '" + data.name()
          + "' has no client-id column; use an iid, dirichlet, quantity or shard partition instead");
    }
    int max = -1;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0) {
        throw new IllegalArgumentException("natural partition: dataset '" + data.name() + "' has client id "
            + ids[i] + " at row " + i + "; ids must be non-negative");
      }
      max = Math.max(max, ids[i]);
    }
    int[] count = new int[max + 1];
    for (int id : ids) {
      count[id]++;
    }
    int[] dense = new int[max + 1];
    int k = 0;
    for (int id = 0; id <= max; id++) {
      dense[id] = count[id] > 0 ? k++ : -1;
    }
    int[][] rows = new int[k][];
    int[] source = new int[k];
    for (int id = 0; id <= max; id++) {
      if (dense[id] >= 0) {
        rows[dense[id]] = new int[count[id]];
        source[dense[id]] = id;
      }
    }
    int[] fill = new int[k];
    for (int i = 0; i < ids.length; i++) {
      int c = dense[ids[i]];
      rows[c][fill[c]++] = i;
    }
    return Partition.of(data, "natural", rows, source, List.of());
  }

  @Override
  public String toString() {
    return "natural";
  }
}
