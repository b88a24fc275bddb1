package org.probity.federated;

import java.util.Map;

/**
 * What happened in one round: how many clients were asked to train and how many replies were used,
 * the losses by cause (simulated dropouts and stragglers, timeouts, exceptions, replies rejected for
 * NaN/Inf), how many attempts the round took, the aggregated federated evaluation afterwards, and
 * the communication it cost, counted as float32 parameters (4 bytes each, no compression or framing):
 * {@code bytesDown} is the fit parameters sent to every sampled client on every attempt (whether or
 * not the client then dropped out), {@code bytesUp} the parameters of every fit reply that came back
 * (rejected NaN/Inf replies included: they were sent), and {@code evaluateBytesDown} the parameters
 * sent for evaluation. {@code metrics} is empty in rounds that were not evaluated
 * ({@link Federation#withEvaluateEvery}); {@code central} holds the server-side evaluation of the
 * global model ({@link CentralEvaluator}) and is empty when none ran that round. Wall-clock time
 * is kept apart, in {@link FederationResult#roundMillis()}, so that records of two runs with the
 * same seed stay equal.
 */
public record RoundRecord(int round, int sampled, int arrived, int dropped, int stragglers, int timedOut, int failed,
    int rejected, int attempts, Map<String, Double> metrics, long bytesDown, long bytesUp, long evaluateBytesDown,
    Map<String, Double> central) {
  public RoundRecord {
    metrics = Map.copyOf(metrics);
    central = Map.copyOf(central);
    if (bytesDown < 0 || bytesUp < 0 || evaluateBytesDown < 0) {
      throw new IllegalArgumentException("round record " + round + ": negative byte count (down " + bytesDown + ", up "
          + bytesUp + ", evaluate down " + evaluateBytesDown + ")");
    }
  }

  /** A record without central evaluation ({@code central} empty). */
  public RoundRecord(int round, int sampled, int arrived, int dropped, int stragglers, int timedOut, int failed,
      int rejected, int attempts, Map<String, Double> metrics, long bytesDown, long bytesUp, long evaluateBytesDown) {
    this(round, sampled, arrived, dropped, stragglers, timedOut, failed, rejected, attempts, metrics, bytesDown,
        bytesUp, evaluateBytesDown, Map.of());
  }

  /** A record without communication counts (all zero), for callers that do not measure them. */
  public RoundRecord(int round, int sampled, int arrived, int dropped, int stragglers, int timedOut, int failed,
      int rejected, int attempts, Map<String, Double> metrics) {
    this(round, sampled, arrived, dropped, stragglers, timedOut, failed, rejected, attempts, metrics, 0, 0, 0, Map.of());
  }

  /** Fit traffic both ways: {@code bytesDown + bytesUp}. */
  public long fitBytes() {
    return bytesDown + bytesUp;
  }
}
