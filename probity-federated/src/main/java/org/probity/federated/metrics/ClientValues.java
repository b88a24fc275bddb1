package org.probity.federated.metrics;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FederationResult;

/**
 * Pulls one per-client number (a named evaluation metric such as accuracy, or the loss) out of the
 * last round's client evaluations of a run, keyed by client id, as the input to
 * {@link ClientDistribution} and {@link HurtFraction}. A client missing the metric is an error
 * rather than a silent gap, since a gap would bias both the distribution and the hurt fraction.
 */
public final class ClientValues {
  private ClientValues() {}

  /** Each client's value of {@code metric} in the final round of {@code result}. */
  public static SortedMap<Integer, Double> metric(FederationResult result, String metric) {
    return metric(result.finalClientMetrics(), metric);
  }

  /** Each client's value of {@code metric} in {@code replies}. */
  public static SortedMap<Integer, Double> metric(Map<Integer, EvaluateReply> replies, String metric) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    for (Map.Entry<Integer, EvaluateReply> e : replies.entrySet()) {
      Double v = e.getValue().metrics().get(metric);
      if (v == null) {
        throw new IllegalArgumentException("client values: client " + e.getKey() + " has no metric '" + metric
            + "' (has " + new TreeMap<>(e.getValue().metrics()).keySet() + ")");
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** Each client's evaluation loss in the final round of {@code result}. */
  public static SortedMap<Integer, Double> loss(FederationResult result) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    for (Map.Entry<Integer, EvaluateReply> e : result.finalClientMetrics().entrySet()) {
      out.put(e.getKey(), e.getValue().loss());
    }
    return out;
  }
}
