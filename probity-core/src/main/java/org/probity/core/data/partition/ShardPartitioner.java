package org.probity.core.data.partition;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * McMahan et al. (2017)'s pathological non-IID split: rows sorted by label (ties in random order)
 * are cut into numClients × shardsPerClient contiguous shards of equal size (±1), and each client
 * gets shardsPerClient shards chosen at random, so most clients see only that many classes.
 */
public final class ShardPartitioner implements Partitioner {
  private final int numClients;
  private final int shardsPerClient;

  public ShardPartitioner(int numClients, int shardsPerClient) {
    if (numClients < 1 || shardsPerClient < 1) {
      throw new IllegalArgumentException("shard partition: numClients and shardsPerClient must be at least 1, got "
          + numClients + " and " + shardsPerClient);
    }
    this.numClients = numClients;
    this.shardsPerClient = shardsPerClient;
  }

  @Override
  public Partition partition(Dataset data, Rng rng) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("shard partition: dataset '" + data.name() + "' has no class labels");
    }
    int n = data.size();
    int[] y = data.labels();
    int k = data.numClasses();
    int[] perm = rng.derive("shuffle").permutation(n);
    int[] start = new int[k + 1];
    for (int v : y) {
      start[v + 1]++;
    }
    for (int c = 0; c < k; c++) {
      start[c + 1] += start[c];
    }
    int[] sorted = new int[n];
    for (int r : perm) {
      sorted[start[y[r]]++] = r;
    }
    int shards = numClients * shardsPerClient;
    int[] owner = rng.derive("shards").permutation(shards);
    int[] client = new int[n];
    for (int i = 0; i < n; i++) {
      int shard = (int) ((long) i * shards / n);
      client[sorted[i]] = owner[shard] / shardsPerClient;
    }
    return Partition.fromAssignment(data, toString(), client, numClients, List.of());
  }

  @Override
  public String toString() {
    return "shards(clients=" + numClients + ", perClient=" + shardsPerClient + ")";
  }
}
