package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.nn.Params;

class DeterminismTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();

  private static FederationResult run(int threads, long seed, Strategy s) {
    Map<Integer, ClientData> clients = Fixtures.synthetic(6, 80, 3);
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(threads, 0, new Faults(0.2, 1, 2.5))) {
      return new Federation(clients, new SupervisedClient(SPEC, 1, 16, Optimizers.sgd(0.1)), b, seed).run(s, init, 3);
    }
  }

  @Test
  void sameSeedGivesBitIdenticalResultsWithOneAndTwoThreads() {
    FederationResult one = run(1, 42, new FedAvg(ClientSampler.fixedCount(4)));
    FederationResult two = run(2, 42, new FedAvg(ClientSampler.fixedCount(4)));
    assertArrayEquals(one.global().flatten().data(), two.global().flatten().data());
    assertEquals(one.rounds(), two.rounds());
    FederationResult other = run(2, 43, new FedAvg(ClientSampler.fixedCount(4)));
    assertFalse(java.util.Arrays.equals(one.global().flatten().data(), other.global().flatten().data()),
        "another seed must give another run");
  }

  @Test
  void serverOptimisersAreDeterministicToo() {
    FederationResult one = run(1, 8, new FedAdam(ClientSampler.all(), 0.01, 0.9, 0.99, 1e-3));
    FederationResult two = run(2, 8, new FedAdam(ClientSampler.all(), 0.01, 0.9, 0.99, 1e-3));
    assertArrayEquals(one.global().flatten().data(), two.global().flatten().data());
  }
}
