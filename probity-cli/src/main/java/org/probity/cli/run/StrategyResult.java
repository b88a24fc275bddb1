package org.probity.cli.run;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.cli.spec.StrategySection;
import org.probity.core.metrics.Metrics;
import org.probity.federated.FederationResult;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.federated.metrics.ClientValues;
import org.probity.federated.metrics.HurtFraction;

/**
 * One strategy's finished federated run, with what the summary and the table derive from it: each
 * client's final test accuracy, their distribution, and the hurt fraction against a baseline.
 *
 * @param spec the strategy as the spec resolved it
 * @param result the engine's result (final global model, round records, final client evaluations)
 * @param seconds wall time of the strategy, warm-up included
 * @param warmBytesDown fit bytes sent down by warm-up runs before the main one (IFCA), else 0
 * @param warmBytesUp fit bytes sent up by those warm-up runs
 * @param chosen settings the strategy chose on validation ("finetune_epochs"), empty if none
 * @param checkpoint the checkpoint's entry relative to the run folder, or null
 */
record StrategyResult(StrategySection spec, FederationResult result, double seconds, long warmBytesDown,
    long warmBytesUp, Map<String, Double> chosen, String checkpoint) {
  StrategyResult {
    chosen = Map.copyOf(chosen);
  }

  /** Each client's test accuracy in the final round, by client id. */
  SortedMap<Integer, Double> clientAccuracy() {
    return ClientValues.metric(result, Metrics.ACCURACY);
  }

  ClientDistribution distribution() {
    return ClientDistribution.of(clientAccuracy());
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
    if (baseline == null || baseline.spec.name().equals(spec.name())) {
      return null;
    }
    SortedMap<Integer, Double> mine = clientAccuracy();
    SortedMap<Integer, Double> theirs = new TreeMap<>(baseline.clientAccuracy());
    theirs.keySet().retainAll(mine.keySet());
    mine.keySet().retainAll(theirs.keySet());
    return mine.isEmpty() ? null : HurtFraction.of(mine, theirs).fraction();
  }
}
