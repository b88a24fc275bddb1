package org.probity.federated;

import java.util.List;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * q-FedAvg, the solver of q-fair federated learning (q-FFL; Li, Sanjabi, Beirami, Smith, ICLR 2020,
 * Algorithm 2), which minimises Σ_k p_k F_k^{q+1}/(q+1) so that clients with a high loss weigh more.
 * With F_k the client's mean train loss at the received model w (reported under
 * {@link SupervisedClient#INITIAL_LOSS}, offset by 1e-10) and w_k its locally trained model, as in
 * the official code (litian96/fair_flearn, flearn/trainers/qffedavg.py) and Flower's {@code QFedAvg}:
 * Δw_k = L(w − w_k), Δ_k = F_k^q Δw_k, h_k = q F_k^{q−1} ‖Δw_k‖² + L F_k^q, and
 * w ← w − Σ_k p_k Δ_k / Σ_k p_k h_k, where L estimates the Lipschitz constant (the paper and the
 * official code use 1/η, η the client's SGD rate).
 *
 * <p>The weights p_k: the official code draws clients with probability ∝ n_k and then sums the
 * replies unweighted, so in expectation each client counts with p_k = n_k/n. Probity's samplers
 * draw uniformly, so by default the replies carry p_k = n_k / Σ n (the same objective, and q = 0 is
 * exactly FedAvg's example-weighted average). {@code weightByExamples = false} sums them unweighted
 * as the official code and Flower do; with a uniform sampler that optimises the objective with
 * p_k = 1/N (q = 0 is then the plain mean of the client models).
 */
public class QFfl extends Strategy {
  private static final double EPS = 1e-10;
  private final double q;
  private final double lipschitz;
  private final boolean weightByExamples;

  /** q-FedAvg with p_k = n_k / Σ n over the replies (the paper's objective under a uniform sampler). */
  public QFfl(ClientSampler fitSampler, double q, double lipschitz) {
    this(fitSampler, q, lipschitz, true);
  }

  public QFfl(ClientSampler fitSampler, double q, double lipschitz, boolean weightByExamples) {
    super(fitSampler, ClientSampler.all());
    if (!(q >= 0) || Double.isInfinite(q)) {
      throw new IllegalArgumentException("q-ffl: q must be finite and >= 0, got " + q);
    }
    if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) {
      throw new IllegalArgumentException("q-ffl: Lipschitz estimate L must be finite and > 0, got " + lipschitz);
    }
    this.q = q;
    this.lipschitz = lipschitz;
    this.weightByExamples = weightByExamples;
  }

  @Override
  public String name() {
    return "qffl";
  }
  /** No server state beyond the global model: a restarted server continues exactly. */
  @Override
  public boolean resumable() {
    return true;
  }


  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(SupervisedClient.REPORT_INITIAL_LOSS, true);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    float[] w = global.flatten().data();
    double[] p = weightByExamples ? FedAvg.weights(replies) : null;
    double[] num = new double[w.length];
    double den = 0;
    for (int k = 0; k < replies.size(); k++) {
      FitReply r = replies.get(k);
      Double loss = r.metrics().get(SupervisedClient.INITIAL_LOSS);
      if (loss == null || !(loss >= 0)) {
        throw new IllegalArgumentException("q-ffl: round " + round + ": client " + r.clientId()
            + " did not report a non-negative '" + SupervisedClient.INITIAL_LOSS + "' (got " + loss
            + "); use SupervisedClient");
      }
      float[] wk = r.params().flatten().data();
      if (wk.length != w.length) {
        throw new IllegalArgumentException("q-ffl: client " + r.clientId() + " sent " + wk.length + " values, expected "
            + w.length);
      }
      double pk = p == null ? 1 : p[k];
      double f = loss + EPS;
      double fq = Math.pow(f, q);
      double norm2 = 0;
      for (int i = 0; i < w.length; i++) {
        double d = lipschitz * ((double) w[i] - wk[i]);
        num[i] += pk * fq * d;
        norm2 += d * d;
      }
      den += pk * (q * Math.pow(f, q - 1) * norm2 + lipschitz * fq);
    }
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (float) (w[i] - num[i] / den);
    }
    return global.unflatten(Tensor.wrap(out, Shape.of(out.length)));
  }
}
