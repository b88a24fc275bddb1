package org.probity.federated;

import org.probity.core.optim.Transforms;

/** FedYogi (Reddi et al., ICLR 2021): Yogi on the server's pseudo-gradient; defaults after Optax's yogi (b1 0.9, b2 0.999, eps 1e-3, initial accumulator 1e-6). */
public final class FedYogi extends FedOpt {
  public FedYogi(ClientSampler fitSampler, double serverLr) {
    this(fitSampler, serverLr, 0.9, 0.999, 1e-3, 1e-6);
  }

  public FedYogi(ClientSampler fitSampler, double serverLr, double b1, double b2, double eps,
      double initialAccumulator) {
    super("fedyogi", fitSampler, Transforms.chain(new ScaleByYogi(b1, b2, eps, initialAccumulator),
        Transforms.scaleByLearningRate(serverLr)));
  }
}
