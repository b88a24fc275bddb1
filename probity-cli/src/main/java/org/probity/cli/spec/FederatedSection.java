package org.probity.cli.spec;

import java.util.List;

/**
 * The {@code federated:} section: a spec with it is a federated comparison rather than a central
 * one. The data become clients by {@code partition}; every client splits its rows into train,
 * validation and test ({@code split}, Motley's cross-silo 70/15/15 by default); the server may hold
 * out a stratified {@code centralTest} fraction before partitioning. Each strategy runs
 * {@code rounds} rounds of {@code localEpochs} epochs of minibatches of {@code batchSize} on the
 * clients {@code clientsPerRound} picks, evaluated every {@code evaluateEvery} rounds and in the
 * last, on {@code threads} worker threads, with optional simulated {@code faults} (null: none).
 * All strategies share the clients, splits, initial model and seeds, so they differ by their
 * settings alone. With {@code privacy} (null: none) every strategy runs differentially private, at
 * the sample or the client level ({@link FederatedPrivacy}). {@code backend} says where the simulation
 * runs: in this process or on Spark ({@link BackendSection}).
 */
public record FederatedSection(PartitionSection partition, Split split, double centralTest, int rounds, int localEpochs,
    int batchSize, ClientsPerRound clientsPerRound, int evaluateEvery, int threads, FaultsSection faults,
    List<StrategySection> strategies, FederatedPrivacy privacy, BackendSection backend) {
  public FederatedSection {
    strategies = List.copyOf(strategies);
    backend = backend == null ? BackendSection.IN_PROCESS : backend;
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("a federated experiment needs at least one strategy");
    }
  }

  /** A section on the in-process backend. */
  public FederatedSection(PartitionSection partition, Split split, double centralTest, int rounds, int localEpochs,
      int batchSize, ClientsPerRound clientsPerRound, int evaluateEvery, int threads, FaultsSection faults,
      List<StrategySection> strategies, FederatedPrivacy privacy) {
    this(partition, split, centralTest, rounds, localEpochs, batchSize, clientsPerRound, evaluateEvery, threads, faults,
        strategies, privacy, BackendSection.IN_PROCESS);
  }

  /** A section without privacy. */
  public FederatedSection(PartitionSection partition, Split split, double centralTest, int rounds, int localEpochs,
      int batchSize, ClientsPerRound clientsPerRound, int evaluateEvery, int threads, FaultsSection faults,
      List<StrategySection> strategies) {
    this(partition, split, centralTest, rounds, localEpochs, batchSize, clientsPerRound, evaluateEvery, threads, faults,
        strategies, null);
  }

  /** Each client's validation and test fractions (the rest is its train split); validation may be 0. */
  public record Split(double validation, double test) {
    public static final Split MOTLEY = new Split(0.15, 0.15);
  }

  /** The first strategy of {@code kind}, or null: the baselines of the hurt fractions. */
  public StrategySection first(String kind) {
    for (StrategySection s : strategies) {
      if (s.kind().equals(kind)) {
        return s;
      }
    }
    return null;
  }
}
