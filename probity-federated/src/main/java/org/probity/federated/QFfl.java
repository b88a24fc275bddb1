package org.probity.federated;

import java.util.List;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * q-FedAvg, the solver of q-fair federated learning (q-FFL; Li, Sanjabi, Beirami, Smith, ICLR 2020),
 * which minimises Σ_k p_k F_k^{q+1}/(q+1) so that clients with a high loss weigh more. With F_k the
 * client's train loss at the received model w (reported under {@link SupervisedClient#INITIAL_LOSS})
 * and w_k its locally trained model, as in the official code and Flower's {@code QFedAvg}:
 * Δw_k = L(w − w_k), Δ_k = F_k^q Δw_k, h_k = q F_k^{q−1} ‖Δw_k‖² + L F_k^q, and
 * w ← w − Σ_k Δ_k / Σ_k h_k, where L estimates the Lipschitz constant (the official default is
 * 1/η, η the client rate) and F_k is offset by 1e-10 as there. q = 0 is the unweighted average of
 * the client models.
 */
public class QFfl extends Strategy {
  private static final double EPS = 1e-10;
  private final double q;
  private final double lipschitz;

  public QFfl(ClientSampler fitSampler, double q, double lipschitz) {
    super(fitSampler, ClientSampler.all());
    if (!(q >= 0) || Double.isInfinite(q)) {
      throw new IllegalArgumentException("q-ffl: q must be finite and >= 0, got " + q);
    }
    if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) {
      throw new IllegalArgumentException("q-ffl: Lipschitz estimate L must be finite and > 0, got " + lipschitz);
    }
    this.q = q;
    this.lipschitz = lipschitz;
  }

  @Override
  public String name() {
    return "qffl";
  }

  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(SupervisedClient.REPORT_INITIAL_LOSS, true);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    float[] w = global.flatten().data();
    double[] num = new double[w.length];
    double den = 0;
    for (FitReply r : replies) {
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
      double f = loss + EPS;
      double fq = Math.pow(f, q);
      double norm2 = 0;
      for (int i = 0; i < w.length; i++) {
        double d = lipschitz * ((double) w[i] - wk[i]);
        num[i] += fq * d;
        norm2 += d * d;
      }
      den += q * Math.pow(f, q - 1) * norm2 + lipschitz * fq;
    }
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (float) (w[i] - num[i] / den);
    }
    return global.unflatten(Tensor.wrap(out, Shape.of(out.length)));
  }
}
