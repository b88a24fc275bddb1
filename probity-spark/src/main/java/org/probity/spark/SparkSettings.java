package org.probity.spark;

/**
 * How {@link SparkFederation} uses Spark: the master URL for a context it creates ("local[*]" by
 * default, "local[2]" in tests, "spark://...", "yarn" on a cluster), the number of client
 * partitions (0: the context's default parallelism), the wall-clock limit of each Spark job (a
 * hung client fails its round instead of the run hanging), whether FedAvg-family rounds are
 * combined on the executors by treeAggregate (true) or collected and given to the strategy as in
 * the simulation (false: bit-identical to {@link org.probity.federated.Federation}, at the cost of
 * one model per sampled client on the driver), and the federated evaluation cadence (as
 * {@code Federation.withEvaluateEvery}).
 */
public record SparkSettings(String master, String appName, int partitions, long jobTimeoutMillis,
    boolean treeAggregate, int evaluateEvery) {
  public SparkSettings {
    if (master == null || master.isBlank()) {
      throw new IllegalArgumentException("spark settings: master must be a Spark master URL such as local[*], got '"
          + master + "'");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("spark settings: partitions must be >= 0 (0: default parallelism), got "
          + partitions);
    }
    if (jobTimeoutMillis < 1) {
      throw new IllegalArgumentException("spark settings: job timeout must be >= 1 ms, got " + jobTimeoutMillis);
    }
    if (evaluateEvery < 1) {
      throw new IllegalArgumentException("spark settings: evaluateEvery must be >= 1, got " + evaluateEvery);
    }
  }

  /** local[*], default partitions, 10-minute job limit, tree aggregation, evaluation every round. */
  public static SparkSettings defaults() {
    return new SparkSettings("local[*]", "probity-federation", 0, 600_000, true, 1);
  }

  public SparkSettings withMaster(String m) {
    return new SparkSettings(m, appName, partitions, jobTimeoutMillis, treeAggregate, evaluateEvery);
  }

  public SparkSettings withPartitions(int p) {
    return new SparkSettings(master, appName, p, jobTimeoutMillis, treeAggregate, evaluateEvery);
  }

  public SparkSettings withJobTimeoutMillis(long t) {
    return new SparkSettings(master, appName, partitions, t, treeAggregate, evaluateEvery);
  }

  public SparkSettings withTreeAggregate(boolean tree) {
    return new SparkSettings(master, appName, partitions, jobTimeoutMillis, tree, evaluateEvery);
  }

  public SparkSettings withEvaluateEvery(int rounds) {
    return new SparkSettings(master, appName, partitions, jobTimeoutMillis, treeAggregate, rounds);
  }
}
