package org.probity.federated;

import java.util.Optional;

/**
 * Per-client persistent state (personal models, optimiser state, later DP budgets) kept as immutable
 * values keyed by client id rather than as live objects, so that thousands of simulated clients fit in
 * memory, or on disk for a store that spills. Implementations must be safe for concurrent use by
 * different client ids.
 */
public interface ClientStateStore {
  Optional<Object> get(int clientId);

  void put(int clientId, Object state);

  /** Number of clients with stored state. */
  int size();
}
