package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.nn.Params;

/**
 * A server restarted from a checkpoint of round r (the global model the listener saw) continues
 * exactly as an uninterrupted run, for resumable strategies; a strategy with unsaved server state is
 * refused; and a remote federation's clients see the same random streams with no data.
 */
class ResumeTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final Map<Integer, ClientData> CLIENTS = Fixtures.synthetic(5, 60, 3);
  private static final Params INIT = Fixtures.initial(SPEC, CLIENTS, 4);

  private static Federation federation(InProcessBackend b, ClientStateStore store) {
    return new Federation(CLIENTS, new SupervisedClient(SPEC, 1, 16, Optimizers.sgd(0.1)), b, store, 42)
        .withEvaluateEvery(2);
  }

  @Test
  void resumingAfterRoundTwoEndsWithTheSameModelAsAnUninterruptedRun() {
    for (Strategy s : List.of(new FedAvg(ClientSampler.fixedCount(3)), new Ditto(ClientSampler.fixedCount(3), 0.5))) {
      ClientStateStore store = new InMemoryStateStore();
      FederationResult whole;
      try (InProcessBackend b = new InProcessBackend(2)) {
        whole = federation(b, store).run(s, INIT, 5);
      }
      ClientStateStore store2 = new InMemoryStateStore();
      Params[] atTwo = new Params[1];
      try (InProcessBackend b = new InProcessBackend(2)) {
        federation(b, store2).run(s, INIT, 2, new RoundListener() {
          @Override
          public void onRound(RoundRecord record, double millis) {}

          @Override
          public void onRound(RoundRecord record, double millis, Params global) {
            if (record.round() == 2) {
              atTwo[0] = ParamMath.copy(global);
            }
          }
        });
      }
      // A fresh strategy object, as a restarted server builds it; clients keep their own state.
      Strategy restarted = s instanceof Ditto ? new Ditto(ClientSampler.fixedCount(3), 0.5)
          : new FedAvg(ClientSampler.fixedCount(3));
      restarted.initialize(atTwo[0]);
      restarted.restoreState(restarted.saveState());
      FederationResult rest;
      List<Integer> rounds = new ArrayList<>();
      try (InProcessBackend b = new InProcessBackend(2)) {
        rest = federation(b, store2).resume(restarted, atTwo[0], 2, 5, (r, ms) -> rounds.add(r.round()));
      }
      assertEquals(List.of(3, 4, 5), rounds);
      assertArrayEquals(whole.global().flatten().data(), rest.global().flatten().data(), s.name());
      assertEquals(whole.rounds().get(4).metrics(), rest.rounds().get(2).metrics(), s.name());
    }
  }

  @Test
  void aStrategyWithUnsavedServerStateIsRefused() {
    FedAdam adam = new FedAdam(ClientSampler.all(), 0.01, 0.9, 0.99, 1e-3);
    assertTrue(!adam.resumable());
    assertThrows(UnsupportedOperationException.class, adam::saveState);
    try (InProcessBackend b = new InProcessBackend(1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> federation(b, new InMemoryStateStore()).resume(adam, INIT, 2, 5, RoundListener.NONE));
      assertTrue(e.getMessage().contains("cannot be resumed"), e.getMessage());
    }
  }

  @Test
  void remoteClientsSeeNoDataButTheSimulationsRandomStreams() {
    List<Long> simulated = new ArrayList<>();
    List<Long> remote = new ArrayList<>();
    ClientApp probe = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        synchronized (ctx.data() == null ? remote : simulated) {
          (ctx.data() == null ? remote : simulated).add(ctx.clientId() * 1_000_003L + ctx.rng().nextLong() % 1000);
        }
        return new FitReply(in.clientId(), in.global(), 10, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 10, 0.5, Map.of());
      }
    };
    try (InProcessBackend b = new InProcessBackend(1)) {
      new Federation(CLIENTS, probe, b, 7).run(new FedAvg(ClientSampler.all()), INIT, 2);
      Federation.remote(CLIENTS.keySet(), probe, b, new InMemoryStateStore(), 7).run(new FedAvg(ClientSampler.all()),
          INIT, 2);
    }
    simulated.sort(null);
    remote.sort(null);
    assertEquals(10, remote.size());
    assertEquals(simulated, remote);
  }
}
