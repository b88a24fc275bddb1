package org.probity.federated;

import java.util.List;
import java.util.Map;
import org.probity.tensor.nn.Params;

/**
 * The outcome of a federated run: the final global parameters, one record per round, and each
 * client's evaluation from the last round (keyed by client id, sorted), which per-client
 * distributions, worst-10% accuracy and hurt fractions are computed from.
 */
public record FederationResult(String strategy, Params global, List<RoundRecord> rounds,
    Map<Integer, EvaluateReply> finalClientMetrics) {
  public FederationResult {
    rounds = List.copyOf(rounds);
    finalClientMetrics = Map.copyOf(finalClientMetrics);
  }

  public RoundRecord lastRound() {
    return rounds.get(rounds.size() - 1);
  }
}
