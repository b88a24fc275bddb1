package org.probity.federated;

import org.probity.core.optim.Optimizers;

/**
 * FedAvg with server momentum (Hsu, Qi, Brown 2019, "Measuring the effects of non-identical data
 * distribution"): v ← β v + Δ, w ← w − η v, on the pseudo-gradient Δ = w − avg_k w_k.
 */
public final class FedAvgM extends FedOpt {
  public FedAvgM(ClientSampler fitSampler, double serverLr, double momentum) {
    super("fedavgm", fitSampler, Optimizers.momentum(serverLr, momentum));
  }
}
