package org.probity.federated;

import org.probity.tensor.Rng;

/**
 * Simulated unreliability of clients: each sampled client drops out with probability
 * {@code dropoutRate}, and otherwise takes a simulated time drawn from an exponential distribution
 * with mean {@code meanLatency}; clients slower than {@code deadline} are stragglers whose replies
 * the server does not wait for (Bonawitz et al. 2019, "Towards federated learning at scale").
 * Simulated rather than measured so that a seed fixes who is lost, whatever the machine.
 */
public record Faults(double dropoutRate, double meanLatency, double deadline) {
  public static final Faults NONE = new Faults(0, 0, Double.POSITIVE_INFINITY);

  public Faults {
    if (!(dropoutRate >= 0 && dropoutRate <= 1)) {
      throw new IllegalArgumentException("faults: dropout rate must be in [0, 1], got " + dropoutRate);
    }
    if (!(meanLatency >= 0) || !(deadline > 0)) {
      throw new IllegalArgumentException("faults: need mean latency >= 0 and deadline > 0, got " + meanLatency + ", "
          + deadline);
    }
  }

  public static Faults dropouts(double rate) {
    return new Faults(rate, 0, Double.POSITIVE_INFINITY);
  }

  /** The fate of one client in a round: 0 arrives, 1 drops out, 2 misses the deadline. Draws from {@code clientRng} only. */
  int fate(Rng clientRng) {
    double u = clientRng.nextDouble();
    double v = clientRng.nextDouble();
    if (u < dropoutRate) {
      return 1;
    }
    double latency = -meanLatency * Math.log1p(-v);
    return latency > deadline ? 2 : 0;
  }
}
