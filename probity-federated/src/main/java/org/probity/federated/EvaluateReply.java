package org.probity.federated;

import java.util.Map;

/**
 * A client's evaluation (Flower's {@code EvaluateRes}): the mean loss and other metrics on its test
 * split and how many examples they cover, so the server can weight them; a client with validation
 * rows adds the same model's validation accuracy and loss ({@link SupervisedClient#VALIDATION_ACCURACY}).
 */
public record EvaluateReply(int clientId, int numExamples, double loss, Map<String, Double> metrics) {
  public EvaluateReply {
    metrics = Map.copyOf(metrics);
  }
}
