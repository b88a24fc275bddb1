package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.federated.metrics.GroupEvaluation;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * A federated algorithm's server side, after Flower's strategy template: the {@link Federation}
 * runs a fixed loop and asks the strategy only what differs between algorithms — whom to ask and
 * with what settings ({@link #configureFit}), how to combine the replies ({@link #aggregateFit}) and
 * how to evaluate. Algorithms are small subclasses ({@code FedProx extends FedAvg}). Replies reach
 * the strategy sorted by client id, so aggregation is deterministic. Server state (momentum, Adam
 * moments) lives in the strategy and is reset by {@link #initialize}.
 */
public abstract class Strategy {
  private final ClientSampler fitSampler;
  private final ClientSampler evaluateSampler;

  protected Strategy(ClientSampler fitSampler, ClientSampler evaluateSampler) {
    this.fitSampler = fitSampler;
    this.evaluateSampler = evaluateSampler;
  }

  /** A short name for logs and reports ("fedavg"). */
  public abstract String name();

  /**
   * Called by the {@link Federation} before round 1 with the ids of all clients, so that a setting
   * the pool cannot satisfy (IFCA with more clusters than clients) fails before any training, with a
   * message naming both numbers. The default accepts any non-empty pool.
   */
  public void checkPool(int[] pool) {}

  /** Called once before round 1 with the initial global parameters; resets server state. */
  public void initialize(Params initial) {}

  /**
   * Whether the parameters this strategy carries between rounds are one model that can be
   * evaluated and saved as it is. Strategies whose "global" is something else (Local's untouched
   * initialisation, IFCA's stack of k models) return false, and the federation skips central
   * evaluation for them.
   */
  public boolean hasGlobalModel() {
    return true;
  }

  /**
   * Whether clients exchange parameters with the server. False only for strategies that never do
   * (Local): the simulation still hands the initial parameters to each client in memory, but no
   * real deployment would send them, so the federation counts no bytes for them.
   */
  public boolean communicates() {
    return true;
  }

  /**
   * Called by the {@link Federation} on each evaluated round's replies (sorted by client id) before
   * {@link #aggregateEvaluate}; the result is also what {@link FederationResult#finalClientMetrics}
   * holds. Strategies that choose a setting from the clients' validation results (FineTune's epochs)
   * turn the raw replies into the replies at the chosen setting here. The default keeps the replies.
   */
  protected List<EvaluateReply> selectEvaluations(int round, List<EvaluateReply> replies) {
    return replies;
  }

  /** Settings sent with every fit instruction of {@code round}; subclasses add their keys. */
  protected Config fitConfig(int round) {
    return Config.empty();
  }

  /** Settings sent with every evaluate instruction of {@code round}. */
  protected Config evaluateConfig(int round) {
    return Config.empty();
  }

  /** The clients to train this round and what to send them. */
  public List<FitInstruction> configureFit(int round, Params global, int[] pool, Rng rng) {
    Config cfg = fitConfig(round);
    List<FitInstruction> out = new ArrayList<>();
    for (int id : fitSampler.sample(pool, rng)) {
      out.add(new FitInstruction(id, round, global, cfg));
    }
    return out;
  }

  /** The new global parameters from the replies that arrived (non-empty, sorted by client id). */
  public abstract Params aggregateFit(int round, Params global, List<FitReply> replies);

  /**
   * The new global parameters after a round in which the sampler chose no client (Poisson sampling
   * can draw an empty cohort), so that no reply exists. The default keeps {@code global}; a private
   * strategy ({@link DpFixedClipping}) still releases its noise, since the accountant's analysis of
   * the subsampled Gaussian assumes noise in every round, empty or not.
   */
  public Params aggregateEmptyRound(int round, Params global) {
    return global;
  }

  /**
   * Whether a restarted server can continue this strategy exactly from a checkpoint holding the
   * global model, the last completed round and {@link #saveState()}. False unless a strategy says
   * otherwise, so that server state nobody saves (adaptive moments, dual variables) is never
   * silently reset by a restart; a deployment refuses such a strategy up front.
   */
  public boolean resumable() {
    return false;
  }

  /**
   * The server state beyond the global model that {@link #restoreState} needs to continue, as named
   * arrays; empty for a strategy whose rounds depend only on the global model and the round number.
   */
  public Map<String, double[]> saveState() {
    if (!resumable()) {
      throw new UnsupportedOperationException(name() + " keeps server state that cannot be checkpointed yet");
    }
    return Map.of();
  }

  /** Restores what {@link #saveState()} returned, after {@link #initialize} with the checkpoint's model. */
  public void restoreState(Map<String, double[]> state) {
    if (!resumable()) {
      throw new UnsupportedOperationException(name() + " keeps server state that cannot be checkpointed yet");
    }
  }

  /** The clients to evaluate this round. */
  public List<EvaluateInstruction> configureEvaluate(int round, Params global, int[] pool, Rng rng) {
    Config cfg = evaluateConfig(round);
    List<EvaluateInstruction> out = new ArrayList<>();
    for (int id : evaluateSampler.sample(pool, rng)) {
      out.add(new EvaluateInstruction(id, round, global, cfg));
    }
    return out;
  }

  /**
   * Example-weighted means of the clients' loss and metrics, plus the unweighted mean over clients
   * ("client_mean_" keys), since heterogeneous federations are judged per client. Per-group figures
   * are pooled over clients by group counts instead ({@link GroupEvaluation}), which yields the
   * federation's worst-group accuracy and loss when the data has groups.
   */
  public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
    Map<String, Double> out = new TreeMap<>();
    if (replies.isEmpty()) {
      return out;
    }
    double total = 0;
    for (EvaluateReply r : replies) {
      total += r.numExamples();
    }
    Map<String, double[]> sums = new TreeMap<>();
    for (EvaluateReply r : replies) {
      double w = total > 0 ? r.numExamples() / total : 1.0 / replies.size();
      add(sums, "loss", w, r.loss(), replies.size());
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        if (!GroupEvaluation.isGroupKey(e.getKey())) {
          add(sums, e.getKey(), w, e.getValue(), replies.size());
        }
      }
    }
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      out.put(e.getKey(), e.getValue()[0]);
      out.put("client_mean_" + e.getKey(), e.getValue()[1]);
    }
    out.putAll(GroupEvaluation.pool(replies));
    return out;
  }

  private static void add(Map<String, double[]> sums, String key, double w, double v, int n) {
    double[] s = sums.computeIfAbsent(key, k -> new double[2]);
    s[0] += w * v;
    s[1] += v / n;
  }
}
