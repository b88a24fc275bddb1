package org.probity.federated;

import org.probity.core.optim.Optimizers;

/** FedAdagrad (Reddi et al., ICLR 2021): Adagrad on the server's pseudo-gradient. */
public final class FedAdagrad extends FedOpt {
  public FedAdagrad(ClientSampler fitSampler, double serverLr, double eps) {
    super("fedadagrad", fitSampler, Optimizers.adagrad(serverLr, eps));
  }
}
