package org.probity.federated;

import org.probity.core.optim.Optimizers;

/**
 * FedAdam (Reddi et al., ICLR 2021): Adam on the server's pseudo-gradient; Motley's cross-device
 * baselines use β1 = 0.9, β2 = 0.99 and ε around 1e-3.
 */
public final class FedAdam extends FedOpt {
  public FedAdam(ClientSampler fitSampler, double serverLr, double b1, double b2, double eps) {
    super("fedadam", fitSampler, Optimizers.adam(serverLr, b1, b2, eps));
  }
}
