package org.probity.federated;

import java.util.List;

/**
 * What came back from one round's client calls: the replies that arrived, in client-id order, and
 * how many clients were lost and why — simulated dropouts, simulated stragglers past the deadline,
 * real timeouts and exceptions (whose messages, each naming its client id, are kept in
 * {@code errors}).
 */
public record RoundOutcome<R>(List<R> replies, int dropped, int stragglers, int timedOut, int failed,
    List<String> errors) {
  public RoundOutcome {
    replies = List.copyOf(replies);
    errors = List.copyOf(errors);
  }
}
