package org.probity.federated;

import java.util.Map;

/**
 * What happened in one round: how many clients were asked to train and how many replies were used,
 * the losses by cause (simulated dropouts and stragglers, timeouts, exceptions, replies rejected for
 * NaN/Inf), how many attempts the round took, and the aggregated federated evaluation afterwards.
 */
public record RoundRecord(int round, int sampled, int arrived, int dropped, int stragglers, int timedOut, int failed,
    int rejected, int attempts, Map<String, Double> metrics) {
  public RoundRecord {
    metrics = Map.copyOf(metrics);
  }
}
