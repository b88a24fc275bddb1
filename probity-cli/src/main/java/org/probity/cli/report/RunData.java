package org.probity.cli.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows, read from one run folder. Fields that could not be read are null
 * (spec, provenance) or empty, and {@code problems} says why; the page renders from this alone.
 *
 * @param statusDetail the error of a failed run, or why a run counts as incomplete; null when complete
 * @param task "classification", "regression", or null when neither the summary nor the metrics say
 * @param dataInfo summary.json's description of the data (source, sizes, noise), flattened
 * @param evalSplit the split name the evaluation rows use ("eval" by default)
 * @param federated the federated view of the folder; null for a central run
 */
record RunData(
    Path dir,
    String runId,
    String name,
    RunStatus status,
    String statusDetail,
    String task,
    String seed,
    String started,
    double seconds,
    List<Map.Entry<String, String>> dataInfo,
    String specText,
    List<Map.Entry<String, String>> provenance,
    MetricsLog metrics,
    String evalSplit,
    List<VariantResult> variants,
    FederatedRun federated,
    List<Problem> problems) {

  /** Variant names in table order: summary order first, then any seen only in the metrics. */
  List<String> variantNames() {
    return variants.stream().map(VariantResult::name).toList();
  }

  boolean regression() {
    return "regression".equals(task);
  }
}
