package org.probity.federated;

import java.util.List;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * MaxFL (Cho, Jhunjhunwala, Li, Smith, Joshi, "Maximizing Global Model Appeal in Federated
 * Learning", arXiv 2205.14840; notes-federated-privacy §5): instead of the average loss, the server
 * maximises the number of clients that find the global model appealing, Σ_k 1{f_k(w) ≤ ρ_k}, ρ_k
 * being the loss of the model client k trains alone. The count is relaxed to
 * Σ_k p_k σ(s(f_k(w) − ρ_k)) (minimised), whose gradient is Σ_k p_k s σ'(s(f_k − ρ_k)) ∇f_k(w), so
 * each client's update Δ_k = w − w_k is weighted by a_k = p_k s σ'(s(f_k(w) − ρ_k)): largest for
 * clients near their threshold, small for clients already well served and for clients the global
 * model cannot win over, which is why appeal can rise while the mean loss does not.
 *
 * <p>Both variants of the notes: {@code normalised} (w ← w − η_g Σ_k (a_k / Σ_j a_j) Δ_k; with
 * η_g = 1 a weighted average of the client models, and exactly FedAvg's aggregate when all gaps
 * f_k − ρ_k are equal) and the paper's unnormalised step (w ← w − η_g Σ_k a_k Δ_k, whose effective
 * step Σ a_k adapts to how many clients sit near their threshold; σ' ≤ 1/4, so η_g = 4/s makes a
 * full step when every client is exactly at its threshold). The sharpness s = 1 is the paper's
 * plain sigmoid; the weights' details are [unverified] in the notes (no official code exists).
 * p_k = n_k / Σ n over the replies by default (as {@link QFfl}); uniform with
 * {@code weightByExamples = false}, the objective's plain count.
 *
 * <p>Clients report f_k(w), the train loss of the received model ({@link SupervisedClient#INITIAL_LOSS},
 * requested here), and ρ_k ({@link #LOCAL_LOSS}), the train loss of their personal model, which
 * {@link MaxFlClient} adds; the personal model comes from a prior {@link Local} run sharing the state
 * store, the notes' recipe (ρ_k = loss of a locally trained model).
 */
public class MaxFl extends Strategy {
  /** Asks a {@link MaxFlClient} to report {@link #LOCAL_LOSS} (fit). */
  public static final String REPORT_LOCAL_LOSS = "maxfl_report_local_loss";
  /** The train loss of the client's own (locally trained) model: its threshold ρ_k. */
  public static final String LOCAL_LOSS = "local_loss";

  private final boolean normalised;
  private final double serverLr;
  private final double sharpness;
  private final boolean weightByExamples;

  /** The normalised variant with η_g = 1, s = 1 and example weights. */
  public MaxFl(ClientSampler fitSampler) {
    this(fitSampler, true, 1, 1, true);
  }

  public MaxFl(ClientSampler fitSampler, boolean normalised, double serverLr, double sharpness,
      boolean weightByExamples) {
    super(fitSampler, ClientSampler.all());
    if (!(serverLr > 0) || Double.isInfinite(serverLr)) {
      throw new IllegalArgumentException("maxfl: server learning rate must be finite and > 0, got " + serverLr);
    }
    if (!(sharpness > 0) || Double.isInfinite(sharpness)) {
      throw new IllegalArgumentException("maxfl: sigmoid sharpness must be finite and > 0, got " + sharpness);
    }
    this.normalised = normalised;
    this.serverLr = serverLr;
    this.sharpness = sharpness;
    this.weightByExamples = weightByExamples;
  }

  @Override
  public String name() {
    return normalised ? "maxfl" : "maxfl-adaptive";
  }
  /** No server state beyond the global model: a restarted server continues exactly. */
  @Override
  public boolean resumable() {
    return true;
  }


  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(SupervisedClient.REPORT_INITIAL_LOSS, true).with(REPORT_LOCAL_LOSS, true);
  }

  /** σ'(x) = σ(x)(1 − σ(x)), written with e^{−|x|} so that it neither overflows nor cancels. */
  public static double sigmoidSlope(double x) {
    double e = Math.exp(-Math.abs(x));
    double d = 1 + e;
    return e / (d * d);
  }

  /**
   * The unnormalised weights a_k = p_k s σ'(s(f_k − ρ_k)) for losses {@code globalLoss} f_k and
   * thresholds {@code localLoss} ρ_k, with p_k given ({@code p}) or uniform (null: p_k = 1).
   */
  public static double[] weights(double[] globalLoss, double[] localLoss, double[] p, double sharpness) {
    if (globalLoss.length != localLoss.length || (p != null && p.length != globalLoss.length)) {
      throw new IllegalArgumentException("maxfl: " + globalLoss.length + " global losses, " + localLoss.length
          + " local losses and " + (p == null ? "no" : String.valueOf(p.length)) + " client weights");
    }
    double[] a = new double[globalLoss.length];
    for (int k = 0; k < a.length; k++) {
      double pk = p == null ? 1 : p[k];
      a[k] = pk * sharpness * sigmoidSlope(sharpness * (globalLoss[k] - localLoss[k]));
    }
    return a;
  }

  /** This strategy's weights a_k for the replies of a round (unnormalised). */
  public double[] weights(int round, List<FitReply> replies) {
    double[] f = new double[replies.size()];
    double[] rho = new double[replies.size()];
    for (int k = 0; k < f.length; k++) {
      f[k] = reported(round, replies.get(k), SupervisedClient.INITIAL_LOSS, "use SupervisedClient");
      rho[k] = reported(round, replies.get(k), LOCAL_LOSS, "wrap the client in MaxFlClient");
    }
    return weights(f, rho, weightByExamples ? FedAvg.weights(replies) : null, sharpness);
  }

  private static double reported(int round, FitReply r, String key, String hint) {
    Double v = r.metrics().get(key);
    if (v == null || !Double.isFinite(v)) {
      throw new IllegalArgumentException("maxfl: round " + round + ": client " + r.clientId() + " reported '" + key
          + "' = " + v + "; " + hint);
    }
    return v;
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    double[] a = weights(round, replies);
    double total = 0;
    for (double v : a) {
      total += v;
    }
    if (normalised) {
      if (!(total > 0)) {
        // Every client is so far from its threshold that σ' underflowed: no direction to take.
        return global;
      }
      for (int k = 0; k < a.length; k++) {
        a[k] /= total;
      }
    }
    float[] w = global.flatten().data();
    double[] step = new double[w.length];
    for (int k = 0; k < a.length; k++) {
      float[] wk = replies.get(k).params().flatten().data();
      if (wk.length != w.length) {
        throw new IllegalArgumentException("maxfl: client " + replies.get(k).clientId() + " sent " + wk.length
            + " values, expected " + w.length);
      }
      double ak = a[k];
      for (int i = 0; i < w.length; i++) {
        step[i] += ak * ((double) w[i] - wk[i]);
      }
    }
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (float) (w[i] - serverLr * step[i]);
    }
    return global.unflatten(Tensor.wrap(out, Shape.of(out.length)));
  }
}
