package org.probity.federated;

/**
 * Mean-regularised multi-task learning (MR-MTL), the personalisation baseline of Liu, Hu, Wu, Smith
 * (NeurIPS 2022): each silo keeps a personal model v_k (in its state store) and minimises
 * f_k(v_k) + λ/2 ‖v_k − v̄‖², where v̄ is the server's mean of the personal models; there is no
 * separately trained global model. As in the official trainer ({@code trainers/mrmtl.py}), the
 * server moves v̄ by the example-weighted mean of the personal models' changes,
 * v̄ ← v̄ + Σ_k p_k Δv_k: the client replies v̄ + Δv_k, so FedAvg's average is that update.
 * λ = 0 is Local training; large λ approaches FedAvg. Evaluation uses v_k.
 */
public class MrMtl extends FedAvg {
  private final double lambda;

  /** Every silo every round, as in the cross-silo setting. */
  public MrMtl(double lambda) {
    this(ClientSampler.all(), lambda);
  }

  public MrMtl(ClientSampler fitSampler, double lambda) {
    super(fitSampler);
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("mr-mtl: lambda must be finite and >= 0, got " + lambda);
    }
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "mrmtl";
  }

  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(SupervisedClient.MRMTL_LAMBDA, lambda);
  }

  @Override
  protected Config evaluateConfig(int round) {
    return super.evaluateConfig(round).with(SupervisedClient.PERSONAL, true);
  }
}
