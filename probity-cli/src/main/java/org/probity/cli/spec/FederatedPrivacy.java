package org.probity.cli.spec;

import java.util.List;

/**
 * {@code federated.privacy}: makes every strategy of a federated comparison differentially private,
 * at one of two levels. {@code sample}: silo-specific sample-level DP (Liu, Hu, Wu, Smith, NeurIPS
 * 2022) — each client runs DP-SGD on its own examples, clipping each example's gradient to
 * {@code clip}, with σ given ({@code noise}) or calibrated per client so that it spends the target
 * {@code epsilon} over its planned steps; batches are Poisson samples ({@code batching: poisson},
 * exact accounting) or the usual shuffled batches accounted as Poisson ({@code shuffled});
 * {@code selection_epsilon} is the ε of each private cluster choice of IFCA. {@code client}:
 * DP-FedAvg (McMahan, Ramage, Talwar, Zhang, ICLR 2018) — client updates are clipped to norm
 * {@code clip} at the server and the average gets Gaussian noise, with σ given or calibrated for
 * {@code epsilon} over the rounds at the client sampling rate of {@code clients_per_round}.
 *
 * @param level "sample" or "client"
 * @param noise σ, or null when {@code epsilon} is the target
 * @param epsilon the target ε, or null when {@code noise} is given
 * @param delta δ in (0, 1)
 * @param clip C (per-example gradient bound) or S (per-client update bound), > 0
 * @param batching "poisson" or "shuffled" (sample level; null for client level)
 * @param selectionEpsilon ε of each private model choice (sample level), or null for 3% of ε
 */
public record FederatedPrivacy(String level, Double noise, Double epsilon, double delta, double clip, String batching,
    Double selectionEpsilon) {
  public static final List<String> LEVELS = List.of("sample", "client");
  public static final List<String> BATCHINGS = List.of("poisson", "shuffled");

  public FederatedPrivacy {
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("federated privacy: level must be sample or client, got " + level);
    }
    if ((noise == null) == (epsilon == null)) {
      throw new IllegalArgumentException("federated privacy: exactly one of noise and epsilon must be set, got noise "
          + noise + " and epsilon " + epsilon);
    }
  }

  public boolean sampleLevel() {
    return level.equals("sample");
  }

  /** Whether σ is calibrated for a target ε rather than given. */
  public boolean calibrated() {
    return epsilon != null;
  }
}
