package org.probity.federated;

import java.util.List;
import org.probity.tensor.Rng;

/**
 * Runs one round's client calls somewhere — on local threads ({@link InProcessBackend}), later on a
 * cluster or over the network — and returns what arrived. {@code tasks} are sorted by client id and
 * the replies must come back in that order, so aggregation never depends on completion order.
 * {@code rng} is the round's stream, for simulated faults only.
 */
public interface ExecutionBackend extends AutoCloseable {
  <R> RoundOutcome<R> execute(int round, List<ClientTask<R>> tasks, Rng rng);

  @Override
  void close();
}
