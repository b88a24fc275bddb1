package org.probity.federated;

import org.probity.tensor.nn.Params;

/**
 * Told about each round of a {@link Federation} as soon as it ends, so that a caller can stream
 * per-round metrics to disk or move a progress bar while the run goes on (Flower's server logs
 * its history round by round for the same reason: a long federation that is killed still leaves
 * its curves). Called on the thread that runs the federation, between rounds; an exception it
 * throws stops the run.
 */
@FunctionalInterface
public interface RoundListener {
  /** A listener that does nothing. */
  RoundListener NONE = (record, millis) -> { };

  /** Round {@code record.round()} has ended after {@code millis} milliseconds of wall-clock time. */
  void onRound(RoundRecord record, double millis);

  /**
   * As {@link #onRound(RoundRecord, double)}, with the global model the round produced: what a
   * durable server checkpoints before it accepts the next round. The federation calls this one; by
   * default it forwards to the two-argument form.
   */
  default void onRound(RoundRecord record, double millis, Params global) {
    onRound(record, millis);
  }
}
