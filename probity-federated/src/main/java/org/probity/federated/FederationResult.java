package org.probity.federated;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.probity.tensor.nn.Params;

/**
 * The outcome of a federated run: the final global parameters, one record per round, each client's
 * evaluation from the last round (keyed by client id), which per-client distributions, worst-10%
 * accuracy and hurt fractions are computed from (see {@code org.probity.federated.metrics}), and the
 * wall-clock time of each round in milliseconds. Times are not deterministic, so they live here and
 * not in the {@link RoundRecord}s, which stay equal between two runs with the same seed.
 */
public record FederationResult(String strategy, Params global, List<RoundRecord> rounds,
    Map<Integer, EvaluateReply> finalClientMetrics, List<Double> roundMillis) {
  public FederationResult {
    rounds = List.copyOf(rounds);
    finalClientMetrics = Map.copyOf(finalClientMetrics);
    roundMillis = List.copyOf(roundMillis);
    if (roundMillis.size() != rounds.size()) {
      throw new IllegalArgumentException("federation result: " + rounds.size() + " rounds but " + roundMillis.size()
          + " round times");
    }
  }

  /** A result whose round times were not measured (each NaN). */
  public FederationResult(String strategy, Params global, List<RoundRecord> rounds,
      Map<Integer, EvaluateReply> finalClientMetrics) {
    this(strategy, global, rounds, finalClientMetrics, Collections.nCopies(rounds.size(), Double.NaN));
  }

  public RoundRecord lastRound() {
    return rounds.get(rounds.size() - 1);
  }

  /** Fit bytes sent down, summed over all rounds. */
  public long totalBytesDown() {
    long s = 0;
    for (RoundRecord r : rounds) {
      s += r.bytesDown();
    }
    return s;
  }

  /** Fit bytes sent up, summed over all rounds. */
  public long totalBytesUp() {
    long s = 0;
    for (RoundRecord r : rounds) {
      s += r.bytesUp();
    }
    return s;
  }

  /** Evaluation bytes sent down, summed over all rounds. */
  public long totalEvaluateBytesDown() {
    long s = 0;
    for (RoundRecord r : rounds) {
      s += r.evaluateBytesDown();
    }
    return s;
  }

  /** Element i: fit bytes sent down in rounds 1..i+1 (for bytes-versus-accuracy curves). */
  public long[] cumulativeBytesDown() {
    long[] out = new long[rounds.size()];
    long s = 0;
    for (int i = 0; i < out.length; i++) {
      s += rounds.get(i).bytesDown();
      out[i] = s;
    }
    return out;
  }

  /** Element i: fit bytes sent up in rounds 1..i+1. */
  public long[] cumulativeBytesUp() {
    long[] out = new long[rounds.size()];
    long s = 0;
    for (int i = 0; i < out.length; i++) {
      s += rounds.get(i).bytesUp();
      out[i] = s;
    }
    return out;
  }

  /** Wall-clock time of all rounds in milliseconds (NaN if any round was not timed). */
  public double totalMillis() {
    double s = 0;
    for (double m : roundMillis) {
      s += m;
    }
    return s;
  }
}
