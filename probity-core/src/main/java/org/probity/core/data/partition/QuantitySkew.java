package org.probity.core.data.partition;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Quantity skew (Li et al. 2022, "Federated Learning on Non-IID Data Silos"; FedProx's lognormal
 * device sizes): client sizes follow either Dirichlet(β) shares of the rows or lognormal weights
 * exp(σ·z), turned into integer sizes by largest-remainder rounding; rows are shuffled first, so
 * label mixtures stay IID and only the amount of data differs. Clients rounded to zero rows are
 * dropped with a warning.
 */
public final class QuantitySkew implements Partitioner {
  private final int numClients;
  private final boolean lognormal;
  private final double param;

  private QuantitySkew(int numClients, boolean lognormal, double param) {
    if (numClients < 1) {
      throw new IllegalArgumentException("quantity skew: numClients must be at least 1, got " + numClients);
    }
    this.numClients = numClients;
    this.lognormal = lognormal;
    this.param = param;
  }

  /** Client shares ~ Dirichlet(beta); small beta (0.1) gives a few large clients. */
  public static QuantitySkew dirichlet(int numClients, double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("quantity skew: beta must be positive and finite, got " + beta);
    }
    return new QuantitySkew(numClients, false, beta);
  }

  /** Client weights exp(sigma · z), z standard normal; sigma 0 gives equal sizes. */
  public static QuantitySkew lognormal(int numClients, double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("quantity skew: sigma must be non-negative and finite, got " + sigma);
    }
    return new QuantitySkew(numClients, true, sigma);
  }

  @Override
  public Partition partition(Dataset data, Rng rng) {
    int n = data.size();
    double[] w;
    Rng rs = rng.derive("sizes");
    if (lognormal) {
      w = new double[numClients];
      for (int j = 0; j < numClients; j++) {
        w[j] = Math.exp(param * rs.nextGaussian());
      }
    } else {
      w = Sampling.dirichlet(numClients, param, rs);
    }
    int[] sizes = Sampling.apportion(w, n);
    int[] perm = rng.derive("shuffle").permutation(n);
    int[] client = new int[n];
    int pos = 0;
    for (int j = 0; j < numClients; j++) {
      for (int i = 0; i < sizes[j]; i++) {
        client[perm[pos++]] = j;
      }
    }
    return Partition.fromAssignment(data, toString(), client, numClients, List.of());
  }

  @Override
  public String toString() {
    return "quantity(clients=" + numClients + (lognormal ? ", lognormal sigma=" : ", dirichlet beta=") + param + ")";
  }
}
