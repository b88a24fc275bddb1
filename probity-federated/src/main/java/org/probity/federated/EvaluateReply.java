package org.probity.federated;

import java.util.Map;

/**
 * A client's evaluation (Flower's {@code EvaluateRes}): the mean loss and other metrics on its test
 * split and how many examples they cover, so the server can weight them.
 */
public record EvaluateReply(int clientId, int numExamples, double loss, Map<String, Double> metrics) {
  public EvaluateReply {
    metrics = Map.copyOf(metrics);
  }
}
