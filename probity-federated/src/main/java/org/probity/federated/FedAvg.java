package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import org.probity.tensor.nn.Params;

/**
 * Federated averaging (McMahan, Moore, Ramage, Hampson, Agüera y Arcas, AISTATS 2017): the new
 * global model is the average of the clients' models weighted by their example counts,
 * w ← Σ_k (n_k / n) w_k, over the replies that arrived.
 */
public class FedAvg extends Strategy {
  public FedAvg(ClientSampler fitSampler) {
    this(fitSampler, ClientSampler.all());
  }

  public FedAvg(ClientSampler fitSampler, ClientSampler evaluateSampler) {
    super(fitSampler, evaluateSampler);
  }

  @Override
  public String name() {
    return "fedavg";
  }
  /** No server state beyond the global model: a restarted server continues exactly. */
  @Override
  public boolean resumable() {
    return true;
  }


  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    return weightedAverage(replies);
  }

  /** The FedAvg weights n_k / n; equal weights when no reply counts any example. */
  public static double[] weights(List<FitReply> replies) {
    double total = 0;
    for (FitReply r : replies) {
      total += r.numExamples();
    }
    double[] w = new double[replies.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = total > 0 ? replies.get(k).numExamples() / total : 1.0 / w.length;
    }
    return w;
  }

  /** Σ_k (n_k / n) w_k. */
  public static Params weightedAverage(List<FitReply> replies) {
    List<Params> ps = new ArrayList<>(replies.size());
    for (FitReply r : replies) {
      ps.add(r.params());
    }
    return ParamMath.weightedSum(ps, weights(replies));
  }
}
