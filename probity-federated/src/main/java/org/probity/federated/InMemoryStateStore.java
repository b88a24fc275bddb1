package org.probity.federated;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ClientStateStore} holding every client's state on the heap; the default for simulation. */
public final class InMemoryStateStore implements ClientStateStore {
  private final ConcurrentHashMap<Integer, Object> states = new ConcurrentHashMap<>();

  @Override
  public Optional<Object> get(int clientId) {
    return Optional.ofNullable(states.get(clientId));
  }

  @Override
  public void put(int clientId, Object state) {
    if (state == null) {
      throw new IllegalArgumentException("state store: null state for client " + clientId);
    }
    states.put(clientId, state);
  }

  @Override
  public int size() {
    return states.size();
  }
}
