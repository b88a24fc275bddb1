package org.probity.cli.report;

import java.util.List;
import java.util.Map;

/**
 * What the page shows about a federated run (issue-4 run folder): the federation's settings from
 * summary.json ("rounds", "local_epochs", ...), the run's warnings (clients dropped because a
 * partition left them empty), and one row per strategy. A strategy that the summary lists comes
 * with its final per-client test accuracies; one seen only in metrics.jsonl (a run still going, or
 * one that failed before the summary listed it) comes with what its round lines say.
 *
 * @param settings summary.json's "federated" object, flattened; empty without a summary
 */
record FederatedRun(
    List<Map.Entry<String, String>> settings,
    List<String> warnings,
    List<StrategyRow> strategies) {

  /** The split name of the per-round lines in metrics.jsonl. */
  static final String ROUND = "round";

  boolean anyClients() {
    return strategies.stream().anyMatch(s -> !s.clients().isEmpty());
  }

  boolean anyHurt() {
    return strategies.stream().anyMatch(s -> Double.isFinite(s.hurtVsFedavg()) || Double.isFinite(s.hurtVsLocal()));
  }
}
