package org.probity.federated;

import java.util.Optional;
import org.probity.tensor.Rng;

/**
 * What a client sees of its environment during one call: its id, the round, its own data, a random
 * stream derived from the root seed by round and client id only (so results do not depend on which
 * thread ran the client or in what order), and its persistent state. Transport stays out: the same
 * context can be built by a network client from local files.
 */
public record ClientContext(int clientId, int round, ClientData data, Rng rng, ClientStateStore store) {
  public Optional<Object> state() {
    return store.get(clientId);
  }

  public void putState(Object state) {
    store.put(clientId, state);
  }
}
