package org.probity.core.data.partition;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * The homogeneous baseline (McMahan et al. 2017's IID setting): rows shuffled and dealt into
 * {@code numClients} clients of equal size (sizes differ by at most one). With more clients than
 * rows the surplus clients are empty and dropped with a warning.
 */
public final class IidPartitioner implements Partitioner {
  private final int numClients;

  public IidPartitioner(int numClients) {
    if (numClients < 1) {
      throw new IllegalArgumentException("iid partition: numClients must be at least 1, got " + numClients);
    }
    this.numClients = numClients;
  }

  @Override
  public Partition partition(Dataset data, Rng rng) {
    int n = data.size();
    int[] perm = rng.permutation(n);
    int[] client = new int[n];
    for (int i = 0; i < n; i++) {
      // Row perm[i] goes to the client whose contiguous chunk covers position i.
      client[perm[i]] = (int) ((long) i * numClients / n);
    }
    return Partition.fromAssignment(data, toString(), client, numClients, List.of());
  }

  @Override
  public String toString() {
    return "iid(clients=" + numClients + ")";
  }
}
