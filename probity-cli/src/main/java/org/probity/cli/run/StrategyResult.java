package org.probity.cli.run;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.cli.spec.StrategySection;
import org.probity.core.metrics.Metrics;
import org.probity.federated.BoundedGroupLoss;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FederationResult;
import org.probity.federated.PrivateStrategy;
import org.probity.federated.Strategy;
import org.probity.federated.SupervisedClient;
import org.probity.federated.metrics.Appeal;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.federated.metrics.ClientValues;
import org.probity.federated.metrics.HurtFraction;

/**
 * One strategy's finished federated run, with what the summary and the table derive from it: each
 * client's final test accuracy, their distribution, and the hurt fraction against a baseline; and
 * each client's final validation accuracy (of the same model) when the clients have validation rows.
 *
 * @param spec the strategy as the spec resolved it
 * @param strategy the engine's strategy after its last round (its server state: BGL's multipliers)
 * @param result the engine's result (final global model, round records, final client evaluations)
 * @param seconds wall time of the strategy, warm-up included
 * @param warmBytesDown fit bytes sent down by warm-up runs before the main one (IFCA), else 0
 * @param warmBytesUp fit bytes sent up by those warm-up runs
 * @param chosen settings the strategy chose on validation ("finetune_epochs"), empty if none
 * @param checkpoint the checkpoint's entry relative to the run folder, or null
 */
record StrategyResult(StrategySection spec, Strategy strategy, FederationResult result, double seconds, long warmBytesDown,
    long warmBytesUp, Map<String, Double> chosen, String checkpoint) {
  StrategyResult {
    chosen = Map.copyOf(chosen);
  }

  /**
   * BGL's verdict on its constraint (Hu et al. 2022): whether every constrained group's pooled train
   * loss ends within ζ, up to 1% of ζ since the primal–dual iterates hover around an active bound;
   * null for other strategies.
   */
  BoundedGroupLoss.Feasibility feasibility() {
    return PrivateStrategy.base(strategy) instanceof BoundedGroupLoss b ? b.feasibility(FEASIBILITY_TOLERANCE * b.zeta())
        : null;
  }

  /** The tolerance of {@link #feasibility()}, relative to ζ. */
  static final double FEASIBILITY_TOLERANCE = 0.01;

  /** Each client's test accuracy in the final round, by client id. */
  SortedMap<Integer, Double> clientAccuracy() {
    return ClientValues.metric(result, Metrics.ACCURACY);
  }

  ClientDistribution distribution() {
    return ClientDistribution.of(clientAccuracy());
  }

  /**
   * Each client's validation accuracy in the final round, of the same model as its test accuracy
   * ({@link SupervisedClient#VALIDATION_ACCURACY}), by client id; null when no client has validation
   * rows (federated.split.validation 0).
   */
  SortedMap<Integer, Double> clientValidationAccuracy() {
    boolean any = false;
    for (EvaluateReply r : result.finalClientMetrics().values()) {
      any |= r.metrics().containsKey(SupervisedClient.VALIDATION_ACCURACY);
    }
    return any ? ClientValues.metric(result, SupervisedClient.VALIDATION_ACCURACY) : null;
  }

  /** The distribution of {@link #clientValidationAccuracy()}, or null without validation rows. */
  ClientDistribution validationDistribution() {
    SortedMap<Integer, Double> v = clientValidationAccuracy();
    return v == null ? null : ClientDistribution.of(v);
  }

  /** Each client's test loss in the final round, by client id. */
  SortedMap<Integer, Double> clientLoss() {
    return ClientValues.loss(result);
  }

  /** The distribution of the clients' final test losses (its max is the worst client's). */
  ClientDistribution lossDistribution() {
    return ClientDistribution.of(clientLoss());
  }

  /**
   * The federation's pooled figure {@code key} in the final round (worst_group_accuracy, ...), NaN
   * when the data has no groups.
   */
  double last(String key) {
    Double v = result.lastRound().metrics().get(key);
    return v == null ? Double.NaN : v;
  }

  /**
   * Global-model appeal ({@link Appeal}; Cho et al. 2022): the share of clients whose final model
   * under this strategy is strictly more accurate than the model they train alone under
   * {@code local}, over the clients both evaluated; null without a Local strategy, for Local itself,
   * or when the two share no client.
   */
  Appeal appealVs(StrategyResult local) {
    List<SortedMap<Integer, Double>> both = sharedAccuracy(local);
    return both == null ? null : Appeal.of(both.get(0), both.get(1));
  }

  long bytesDown() {
    return result.totalBytesDown() + warmBytesDown;
  }

  long bytesUp() {
    return result.totalBytesUp() + warmBytesUp;
  }

  /**
   * The fraction of clients strictly worse under this strategy than under {@code baseline}
   * ({@link HurtFraction}), over the clients both evaluated in their final round (all of them
   * unless simulated faults dropped some); null without a baseline, against itself, or when the
   * two share no client.
   */
  Double hurtVs(StrategyResult baseline) {
    List<SortedMap<Integer, Double>> both = sharedAccuracy(baseline);
    return both == null ? null : HurtFraction.of(both.get(0), both.get(1)).fraction();
  }

  /** This strategy's and {@code other}'s accuracies on the clients both evaluated; null as for {@link #hurtVs}. */
  private List<SortedMap<Integer, Double>> sharedAccuracy(StrategyResult other) {
    if (other == null || other.spec.name().equals(spec.name())) {
      return null;
    }
    SortedMap<Integer, Double> mine = clientAccuracy();
    SortedMap<Integer, Double> theirs = new TreeMap<>(other.clientAccuracy());
    theirs.keySet().retainAll(mine.keySet());
    mine.keySet().retainAll(theirs.keySet());
    return mine.isEmpty() ? null : List.of(mine, theirs);
  }
}
