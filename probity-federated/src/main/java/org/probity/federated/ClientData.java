package org.probity.federated;

import org.probity.core.data.Dataset;

/**
 * One client's local data: the rows it trains on, optional validation rows (for choosing e.g.
 * fine-tuning epochs; null when the protocol has none) and the rows its model is evaluated on.
 */
public record ClientData(Dataset train, Dataset validation, Dataset test) {
  public ClientData {
    if (train == null || test == null) {
      throw new IllegalArgumentException("client data: train and test are required");
    }
  }
}
