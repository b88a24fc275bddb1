package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import org.probity.tensor.nn.Params;

/**
 * TERM across clients (Li, Beirami, Sanjabi, Smith, "Tilted Empirical Risk Minimization", ICLR 2021,
 * and "On Tilted Losses in Machine Learning", JMLR 2023; fair federated learning, official code
 * litian96/TERM {@code fair_flearn}): the server minimises the tilted risk over clients
 * {@code (1/t) log Σ_k (n_k/n) exp(t F_k)}, whose gradient is the clients' gradients weighted by
 * {@code w_k ∝ n_k exp(t F_k)}. One FedAvg round stands in for each client's gradient, so the new
 * global model is {@code Σ_k w_k w_k'} with F_k the client's train loss at the received global model
 * (reported under {@link SupervisedClient#INITIAL_LOSS}, the mechanism q-FFL uses). t &gt; 0 moves the
 * model toward worse-off clients (a smooth path from FedAvg at t = 0, bit for bit, to the worst client
 * as t → ∞); t &lt; 0 toward the best (robustness to outlier clients).
 *
 * <p>Hierarchical TERM: with an inner tilt the strategy also sends {@link TiltedClient#INNER_TILT},
 * so that a {@link TiltedClient} trains its own tilted objective and reports its tilted risk
 * {@code R~_k(t_in)} as F_k; the server's weights are then the paper's outer tilt τ across groups,
 * {@code |g| exp(τ R~_g)}.
 *
 * <p>The weights are computed in log-sum-exp form, shifting every exponent by the largest
 * {@code t F_k} (over clients that hold examples), so no term exceeds n_k and t = 100 with losses of
 * several nats stays finite; at t = 0 every factor is exp(0) = 1 and the weights are FedAvg's n_k/n.
 */
public class TiltedFedAvg extends Strategy {
  private final double t;
  private final Double innerTilt;

  /** TERM across clients with tilt {@code t} (t = 0: FedAvg). */
  public TiltedFedAvg(ClientSampler fitSampler, double t) {
    this(fitSampler, t, null);
  }

  /**
   * Hierarchical TERM: tilt {@code tau} across clients and {@code innerTilt} within each client (sent
   * to the clients as {@link TiltedClient#INNER_TILT}; they must be {@link TiltedClient}s).
   */
  public static TiltedFedAvg hierarchical(ClientSampler fitSampler, double tau, double innerTilt) {
    return new TiltedFedAvg(fitSampler, tau, checkTilt("inner tilt", innerTilt));
  }

  private TiltedFedAvg(ClientSampler fitSampler, double t, Double innerTilt) {
    super(fitSampler, ClientSampler.all());
    this.t = checkTilt("tilt t", t);
    this.innerTilt = innerTilt;
  }

  private static double checkTilt(String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("tilted-fedavg: " + what + " must be finite, got " + v);
    }
    return v;
  }

  public double tilt() {
    return t;
  }

  @Override
  public String name() {
    return innerTilt == null ? "tilted-fedavg(t=" + t + ")" : "tilted-fedavg(tau=" + t + ",t=" + innerTilt + ")";
  }
  /** No server state beyond the global model: a restarted server continues exactly. */
  @Override
  public boolean resumable() {
    return true;
  }


  @Override
  protected Config fitConfig(int round) {
    Config c = super.fitConfig(round).with(SupervisedClient.REPORT_INITIAL_LOSS, true);
    return innerTilt == null ? c : c.with(TiltedClient.INNER_TILT, innerTilt);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    double[] n = new double[replies.size()];
    double[] f = new double[replies.size()];
    int size = global.count();
    List<Params> ps = new ArrayList<>(replies.size());
    for (int k = 0; k < n.length; k++) {
      FitReply r = replies.get(k);
      Double loss = r.metrics().get(SupervisedClient.INITIAL_LOSS);
      if (loss == null || !Double.isFinite(loss)) {
        throw new IllegalArgumentException("tilted-fedavg: round " + round + ": client " + r.clientId()
            + " did not report a finite '" + SupervisedClient.INITIAL_LOSS + "' (got " + loss
            + "); the tilt needs each client's train loss at the global model (use SupervisedClient or TiltedClient)");
      }
      if (r.params().count() != size) {
        throw new IllegalArgumentException("tilted-fedavg: round " + round + ": client " + r.clientId() + " sent "
            + r.params().count() + " values, expected " + size);
      }
      n[k] = r.numExamples();
      f[k] = loss;
      ps.add(r.params());
    }
    return ParamMath.weightedSum(ps, weights(n, f, t));
  }

  /**
   * The tilted client weights {@code n_k exp(t F_k) / Σ_j n_j exp(t F_j)} in log-sum-exp form (every
   * exponent shifted by the largest t·F_k among clients with n_k &gt; 0, so each factor is ≤ 1 and the
   * largest is exactly 1). When no client counts any example the n_k are taken as equal, as FedAvg
   * does. At t = 0 the result equals {@link FedAvg#weights} bit for bit.
   */
  public static double[] weights(double[] numExamples, double[] losses, double t) {
    if (numExamples.length != losses.length || numExamples.length == 0) {
      throw new IllegalArgumentException("tilted-fedavg: need as many losses as example counts (>= 1), got "
          + losses.length + " and " + numExamples.length);
    }
    checkTilt("tilt t", t);
    boolean anyExamples = false;
    for (int k = 0; k < numExamples.length; k++) {
      if (!(numExamples[k] >= 0) || Double.isInfinite(numExamples[k])) {
        throw new IllegalArgumentException("tilted-fedavg: example count " + k + " is " + numExamples[k]);
      }
      if (!Double.isFinite(losses[k])) {
        throw new IllegalArgumentException("tilted-fedavg: loss " + k + " is " + losses[k] + ", not finite");
      }
      anyExamples |= numExamples[k] > 0;
    }
    double shift = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < losses.length; k++) {
      if (numExamples[k] > 0 || !anyExamples) {
        shift = Math.max(shift, t * losses[k]);
      }
    }
    double[] w = new double[losses.length];
    double total = 0;
    for (int k = 0; k < w.length; k++) {
      double nk = anyExamples ? numExamples[k] : 1;
      // t·F_k − shift rather than t·(F_k − F_max): at t = 0 both are 0, and it also serves t < 0.
      w[k] = nk == 0 ? 0 : nk * Math.exp(t * losses[k] - shift);
      total += w[k];
    }
    for (int k = 0; k < w.length; k++) {
      w[k] /= total;
    }
    return w;
  }
}
