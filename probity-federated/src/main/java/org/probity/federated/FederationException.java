package org.probity.federated;

/** A federated run that cannot go on, for example because every client of a round failed; the message names the round. */
public final class FederationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int round;

  public FederationException(int round, String message) {
    super(message);
    this.round = round;
  }

  public int round() {
    return round;
  }
}
