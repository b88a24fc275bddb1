package org.probity.federated.economics;

import org.probity.tensor.Rng;

/**
 * How to sample a client population for the network-effects game (Hu et al., "Federated Learning as
 * a Network Effects Game", arXiv 2302.08533) as the notes' §6 reproduction prescribes: sample sizes
 * n_i = ceil(exp(N(ln medianSamples, logStd²))) so a few clients hold most of the data (the ones whose
 * joining others want), client means w_i ~ N(0, τ²) (heterogeneity, which makes some partners
 * unwelcome), and costs c_i ~ U(0, costMax).
 */
public record Population(int clients, double medianSamples, double logStd, double tau, double costMax,
    double sigma2) {
  public Population {
    if (clients <= 0) {
      throw new IllegalArgumentException("Population: clients must be positive, got " + clients
          + " (an empty client set has no game)");
    }
    if (!(medianSamples >= 1) || !(logStd >= 0) || !(tau >= 0) || !(sigma2 > 0)) {
      throw new IllegalArgumentException("Population: need medianSamples >= 1, logStd >= 0, tau >= 0, sigma2 > 0;"
          + " got " + medianSamples + ", " + logStd + ", " + tau + ", " + sigma2);
    }
    if (!(costMax >= 0) || Double.isInfinite(costMax)) {
      throw new IllegalArgumentException("Population: costMax must be non-negative and finite, got " + costMax);
    }
  }

  /** One game drawn from {@code rng}. */
  public ParticipationGame sample(Rng rng) {
    double[] n = new double[clients];
    double[] w = new double[clients];
    double[] c = new double[clients];
    double logMedian = Math.log(medianSamples);
    for (int i = 0; i < clients; i++) {
      n[i] = Math.ceil(Math.exp(logMedian + logStd * rng.nextGaussian()));
      w[i] = tau * rng.nextGaussian();
      c[i] = costMax * rng.nextDouble();
    }
    return new ParticipationGame(sigma2, n, w, c);
  }
}
