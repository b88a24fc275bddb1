package org.probity.federated;

/**
 * Ditto (Li, Hu, Beirami, Smith, ICML 2021): the global model w is trained exactly as FedAvg, and
 * each client also keeps a personal model v_k in its state store, trained on the same batches with
 * v_k ← v_k − η(∇f_k(v_k) + λ(v_k − w)), w being the global model the client received; evaluation
 * uses v_k. λ = 0 gives Local training, λ → ∞ pulls v_k onto w. The client side is
 * {@link SupervisedClient} ({@link SupervisedClient#DITTO_LAMBDA}).
 */
public class Ditto extends FedAvg {
  private final double lambda;

  public Ditto(ClientSampler fitSampler, double lambda) {
    super(fitSampler);
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("ditto: lambda must be finite and >= 0, got " + lambda);
    }
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "ditto";
  }

  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(SupervisedClient.DITTO_LAMBDA, lambda);
  }

  @Override
  protected Config evaluateConfig(int round) {
    return super.evaluateConfig(round).with(SupervisedClient.PERSONAL, true);
  }
}
