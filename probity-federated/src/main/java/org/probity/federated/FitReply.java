package org.probity.federated;

import java.util.Map;
import org.probity.tensor.nn.Params;

/**
 * A client's answer to a {@link FitInstruction} (Flower's {@code FitRes}): its locally trained
 * parameters, the number of examples it trained on (the FedAvg weight) and any training metrics.
 */
public record FitReply(int clientId, Params params, int numExamples, Map<String, Double> metrics) {
  public FitReply {
    if (numExamples < 0) {
      throw new IllegalArgumentException("fit reply of client " + clientId + ": numExamples " + numExamples + " < 0");
    }
    metrics = Map.copyOf(metrics);
  }
}
