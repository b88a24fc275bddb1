package org.probity.federated.tuning;

import java.util.ArrayList;
import java.util.List;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAdam;
import org.probity.federated.FedAvg;
import org.probity.federated.Strategy;
import org.probity.tensor.Rng;

/**
 * The search space of federated tuning in Kuo et al. ("On Noisy Evaluation in Federated
 * Hyperparameter Tuning", MLSys 2023; the repository's {@code init_simple.py}, notes §7): server
 * learning rate 10^U(a, b), server Adam β1 ~ U(0, 0.9) and β2 ~ U(0, 0.999), client learning rate
 * 10^U(c, d) for SGD with momentum 0.9, client batch size from a list. The paper's ranges are
 * server 10^U(−6, −1) and client 10^U(−6, 0) for 405 rounds; {@link #narrowed()} keeps the shape but
 * narrows the rates to what can train in a few dozen rounds, and also draws the server algorithm
 * (FedAdam, or FedAvg which ignores the server parameters) so the space holds both kinds of
 * configurations. Sampling draws only from the given {@link Rng}.
 */
public record ConfigSpace(double serverLrLog10Min, double serverLrLog10Max, double beta1Max, double beta2Max,
    double clientLrLog10Min, double clientLrLog10Max, List<Integer> batchSizes, double fedAdamShare) {
  /** Client SGD momentum, as in the paper's clients. */
  public static final double CLIENT_MOMENTUM = 0.9;
  /** Server Adam's ε (the adaptivity τ of Reddi et al. 2021). */
  public static final double ADAM_EPS = 1e-3;

  public ConfigSpace {
    if (!(serverLrLog10Min <= serverLrLog10Max) || !(clientLrLog10Min <= clientLrLog10Max)) {
      throw new IllegalArgumentException("config space: learning-rate ranges must have min <= max, got server ["
          + serverLrLog10Min + ", " + serverLrLog10Max + "], client [" + clientLrLog10Min + ", " + clientLrLog10Max
          + "]");
    }
    if (!(beta1Max >= 0 && beta1Max < 1) || !(beta2Max >= 0 && beta2Max < 1)) {
      throw new IllegalArgumentException("config space: beta maxima must lie in [0, 1), got " + beta1Max + ", "
          + beta2Max);
    }
    batchSizes = List.copyOf(batchSizes);
    if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("config space: batch sizes must be a non-empty list of values >= 1, got "
          + batchSizes);
    }
    if (!(fedAdamShare >= 0 && fedAdamShare <= 1)) {
      throw new IllegalArgumentException("config space: fedAdamShare must lie in [0, 1], got " + fedAdamShare);
    }
  }

  /** The paper's space (FedAdam only). */
  public static ConfigSpace paper() {
    return new ConfigSpace(-6, -1, 0.9, 0.999, -6, 0, List.of(32, 64, 128), 1);
  }

  /**
   * The paper's space with rates narrowed for a few dozen rounds of softmax regression (server
   * 10^U(−2.5, 0), client 10^U(−3, 0.5): below these nothing moves in 40 rounds), half FedAdam and
   * half FedAvg.
   */
  public static ConfigSpace narrowed() {
    return new ConfigSpace(-2.5, 0, 0.9, 0.999, -3, 0.5, List.of(32, 64, 128), 0.5);
  }

  /** One point of the space. {@code algorithm} is "fedadam" or "fedavg" (which ignores the server fields). */
  public record Hyperparameters(String algorithm, double serverLr, double beta1, double beta2, double clientLr,
      int batchSize) {
    public static final String FEDADAM = "fedadam";
    public static final String FEDAVG = "fedavg";

    public Hyperparameters {
      if (!FEDADAM.equals(algorithm) && !FEDAVG.equals(algorithm)) {
        throw new IllegalArgumentException("hyperparameters: algorithm must be '" + FEDADAM + "' or '" + FEDAVG
            + "', got '" + algorithm + "'");
      }
      if (!(clientLr > 0) || !(serverLr > 0) || batchSize < 1) {
        throw new IllegalArgumentException("hyperparameters: need serverLr > 0, clientLr > 0, batchSize >= 1; got "
            + serverLr + ", " + clientLr + ", " + batchSize);
      }
    }

    /** The server strategy, sampling clients with {@code cohort}. */
    public Strategy strategy(ClientSampler cohort) {
      return FEDADAM.equals(algorithm) ? new FedAdam(cohort, serverLr, beta1, beta2, ADAM_EPS) : new FedAvg(cohort);
    }

    /** The clients' optimiser: SGD with momentum 0.9 at the client rate. */
    public GradientTransform<?> clientOptimizer() {
      return Optimizers.momentum(clientLr, CLIENT_MOMENTUM);
    }
  }

  public Hyperparameters sample(Rng rng) {
    boolean adam = rng.nextDouble() < fedAdamShare;
    double serverLr = Math.pow(10, uniform(rng, serverLrLog10Min, serverLrLog10Max));
    double b1 = uniform(rng, 0, beta1Max);
    double b2 = uniform(rng, 0, beta2Max);
    double clientLr = Math.pow(10, uniform(rng, clientLrLog10Min, clientLrLog10Max));
    int batch = batchSizes.get(rng.nextInt(batchSizes.size()));
    return new Hyperparameters(adam ? Hyperparameters.FEDADAM : Hyperparameters.FEDAVG, serverLr, b1, b2, clientLr,
        batch);
  }

  /** {@code count} independent points, point i from {@code rng.derive(i)}. */
  public List<Hyperparameters> sample(int count, Rng rng) {
    if (count < 1) {
      throw new IllegalArgumentException("config space: count must be >= 1, got " + count);
    }
    List<Hyperparameters> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(sample(rng.derive(i)));
    }
    return out;
  }

  private static double uniform(Rng rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
