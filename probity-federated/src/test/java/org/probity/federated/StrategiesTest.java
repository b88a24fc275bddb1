package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.nn.Params;

class StrategiesTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();

  private static FederationResult run(Strategy s, Map<Integer, ClientData> clients, int rounds, int epochs) {
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(clients, new SupervisedClient(SPEC, epochs, 10, Optimizers.sgd(0.05)), b, 21).run(s, init,
          rounds);
    }
  }

  @Test
  void fedProxWithZeroMuIsFedAvgAndPositiveMuIsNot() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(5, 80, 9);
    float[] avg = run(new FedAvg(ClientSampler.fixedCount(3)), clients, 2, 2).global().flatten().data();
    float[] prox0 = run(new FedProx(ClientSampler.fixedCount(3), 0), clients, 2, 2).global().flatten().data();
    float[] prox1 = run(new FedProx(ClientSampler.fixedCount(3), 1.0), clients, 2, 2).global().flatten().data();
    assertArrayEquals(avg, prox0);
    assertFalse(java.util.Arrays.equals(avg, prox1));
  }

  @Test
  void fedOptWithUnitSgdIsFedAvgAndMomentumDiffers() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(4, 60, 2);
    float[] avg = run(new FedAvg(ClientSampler.all()), clients, 3, 1).global().flatten().data();
    float[] opt = run(new FedOpt("sgd1", ClientSampler.all(), Optimizers.sgd(1.0)), clients, 3, 1).global().flatten()
        .data();
    assertArrayEquals(avg, opt, 1e-5f);
    float[] m = run(new FedAvgM(ClientSampler.all(), 1.0, 0.9), clients, 3, 1).global().flatten().data();
    assertFalse(java.util.Arrays.equals(avg, m), "momentum must change rounds 2 and 3");
  }

  @Test
  void fedAvgImprovesAccuracyOverRoundsOnSynthetic() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(10, 150, 1);
    FederationResult r = run(new FedAvg(ClientSampler.fixedCount(5)), clients, 12, 1);
    double first = r.rounds().get(0).metrics().get("accuracy");
    double last = r.lastRound().metrics().get("accuracy");
    assertTrue(last > first + 0.05, "accuracy " + first + " -> " + last);
    assertEquals(10, r.finalClientMetrics().size());
  }

  @Test
  void localTrainsPersonalModelsAndLeavesTheGlobalOne() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(4, 100, 5);
    Params init = Fixtures.initial(SPEC, clients, 4);
    FederationResult r;
    Federation f;
    try (InProcessBackend b = new InProcessBackend(2)) {
      f = new Federation(clients, new SupervisedClient(SPEC, 2, 10, Optimizers.sgd(0.05)), b, 21);
      r = f.run(new Local(), init, 3);
    }
    assertArrayEquals(init.flatten().data(), r.global().flatten().data());
    assertEquals(4, f.store().size());
    // Evaluation uses the personal models: their mean test loss keeps falling as they train on.
    double first = r.rounds().get(0).metrics().get("client_mean_loss");
    double last = r.lastRound().metrics().get("client_mean_loss");
    assertTrue(last < first, "local test loss " + first + " -> " + last);
    Params p0 = (Params) f.store().get(0).orElseThrow();
    Params p1 = (Params) f.store().get(1).orElseThrow();
    assertFalse(java.util.Arrays.equals(p0.flatten().data(), p1.flatten().data()), "personal models must differ");
  }

  @Test
  void modsComposeOutermostFirst() {
    List<String> log = new ArrayList<>();
    ClientApp app = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        log.add("app:" + in.config().getInt("k", 0));
        return new FitReply(in.clientId(), in.global(), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return null;
      }
    };
    Mod a = (in, ctx, next) -> {
      log.add("a-in");
      FitReply r = next.fit(in.withConfig(in.config().with("k", 1)), ctx);
      log.add("a-out");
      return r;
    };
    Mod b = (in, ctx, next) -> {
      log.add("b-in:" + in.config().getInt("k", 0));
      FitReply r = next.fit(in.withConfig(in.config().with("k", 2)), ctx);
      log.add("b-out");
      return new FitReply(r.clientId(), r.params(), 7, r.metrics());
    };
    FitReply r = Mods.wrap(app, a, b).fit(new FitInstruction(0, 1, Fixtures.constant(0, 1), Config.empty()), null);
    assertEquals(List.of("a-in", "b-in:1", "app:2", "b-out", "a-out"), log);
    assertEquals(7, r.numExamples());
  }

  @Test
  void samplersAreSeededSortedAndSized() {
    int[] pool = new int[50];
    for (int i = 0; i < 50; i++) {
      pool[i] = i;
    }
    int[] a = ClientSampler.fixedCount(7).sample(pool, new org.probity.tensor.Rng(3));
    assertEquals(7, a.length);
    assertArrayEquals(a, ClientSampler.fixedCount(7).sample(pool, new org.probity.tensor.Rng(3)));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i] > a[i - 1]);
    }
    assertEquals(10, ClientSampler.fraction(0.2).sample(pool, new org.probity.tensor.Rng(3)).length);
    int total = 0;
    for (int s = 0; s < 200; s++) {
      total += ClientSampler.poisson(0.1).sample(pool, new org.probity.tensor.Rng(s)).length;
    }
    assertEquals(5.0, total / 200.0, 0.5);
  }
}
