package org.probity.federated;

/**
 * FedProx (Li, Sahu, Zaheer, Sanjabi, Talwalkar, Smith, MLSys 2020): FedAvg whose clients minimise
 * f_k(w) + μ/2 ‖w − w_global‖², which keeps heterogeneous clients from drifting. The server side is
 * FedAvg's; the only difference is that μ travels in the fit config under {@link Config#PROXIMAL_MU}
 * and {@link SupervisedClient} adds the term's gradient μ(w − w_global) before each local step.
 */
public class FedProx extends FedAvg {
  private final double mu;

  public FedProx(ClientSampler fitSampler, double mu) {
    super(fitSampler);
    if (!(mu >= 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException("fedprox: mu must be finite and >= 0, got " + mu);
    }
    this.mu = mu;
  }

  @Override
  public String name() {
    return "fedprox";
  }

  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(Config.PROXIMAL_MU, mu);
  }
}
