package org.probity.federated;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clients of a federation as built from a partition ({@link FederatedData#split}): each
 * client's train/validation/test data by client id, and the warnings raised on the way — clients
 * the partitioner left empty, and clients with too few rows for their own splits — each naming the
 * client, so that a run can print them and keep them in its summary instead of failing or silently
 * shrinking the federation (as issue 4 asks).
 */
public record FederatedClients(Map<Integer, ClientData> clients, List<String> warnings) {
  public FederatedClients {
    clients = java.util.Collections.unmodifiableMap(new TreeMap<>(clients));
    warnings = List.copyOf(warnings);
  }
}
