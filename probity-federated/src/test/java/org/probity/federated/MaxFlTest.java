package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * MaxFL's server side against hand computations (weights and both update variants on 3 clients),
 * its reduction to FedAvg when every client prefers the global model by the same margin, and the
 * client decorator on real training: ρ_k is the stored personal model's train loss, and a client
 * without one is refused.
 */
class MaxFlTest {
  // Three clients: f_k (global train loss), ρ_k (local train loss), n_k, and their models.
  private static final double[] F = {1.0, 2.0, 0.5};
  private static final double[] RHO = {1.0, 0.5, 1.5};
  private static final int[] N = {10, 20, 10};
  private static final float[][] WK = {{1, 2}, {3, -1}, {-2, 0.5f}};

  private static Params vec(float... v) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.wrap(v.clone(), Shape.of(v.length)));
    return new Params(m);
  }

  private static List<FitReply> replies(double[] f, double[] rho) {
    List<FitReply> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      out.add(new FitReply(k, vec(WK[k]), N[k], Map.of(SupervisedClient.INITIAL_LOSS, f[k], MaxFl.LOCAL_LOSS, rho[k])));
    }
    return out;
  }

  @Test
  void weightsMatchAHandComputation() {
    // p = (1/4, 1/2, 1/4); gaps (0, 1.5, -1); σ'(0) = 1/4, σ'(1.5) = σ(1.5)σ(-1.5), σ'(-1) = σ(1)σ(-1),
    // worked out separately: a = (0.0625, 0.0745732260, 0.0491529833).
    double[] expected = {0.0625, 0.07457322603516642, 0.04915298331037047};
    assertArrayEquals(expected, new MaxFl(ClientSampler.all()).weights(1, replies(F, RHO)), 1e-12);
    assertArrayEquals(expected, MaxFl.weights(F, RHO, new double[] {0.25, 0.5, 0.25}, 1), 1e-12);
    // Uniform p: the plain slopes.
    assertEquals(0.25, MaxFl.weights(F, RHO, null, 1)[0], 1e-15);
    // Sharpness s scales the gap and the slope: s σ'(s·gap).
    assertEquals(0.5 * 2 * MaxFl.sigmoidSlope(3.0), MaxFl.weights(F, RHO, new double[] {0.25, 0.5, 0.25}, 2)[1],
        1e-15);
    // Far gaps neither overflow nor give NaN.
    assertEquals(0.0, MaxFl.sigmoidSlope(1e4), 0.0);
    assertEquals(MaxFl.sigmoidSlope(-3), MaxFl.sigmoidSlope(3), 1e-17);
  }

  @Test
  void updatesMatchAHandComputation() {
    Params global = vec(0, 1);
    // Normalised, η_g = 1: Σ_k (a_k / Σ a) w_k.
    float[] norm = new MaxFl(ClientSampler.all()).aggregateFit(1, global, replies(F, RHO)).flatten().data();
    assertArrayEquals(new float[] {1.0090615716506925f, 0.4027535430356777f}, norm, 1e-6f);
    // Unnormalised, η_g = 4: w − 4 Σ_k a_k (w − w_k).
    float[] adaptive = new MaxFl(ClientSampler.all(), false, 4, 1, true).aggregateFit(1, global, replies(F, RHO))
        .flatten().data();
    assertArrayEquals(new float[] {0.7516548459390333f, 0.5551082250979278f}, adaptive, 1e-6f);
  }

  @Test
  void reducesToFedAvgWhenAllClientsPreferTheGlobalModelEqually() {
    // Every client's global loss is 0.3 below its local one: equal slopes, so only n_k / n remains.
    double[] f = {0.2, 0.9, 1.4};
    double[] rho = {0.5, 1.2, 1.7};
    List<FitReply> rs = replies(f, rho);
    Params global = vec(0, 1);
    float[] maxfl = new MaxFl(ClientSampler.all()).aggregateFit(1, global, rs).flatten().data();
    float[] fedavg = new FedAvg(ClientSampler.all()).aggregateFit(1, global, rs).flatten().data();
    assertArrayEquals(fedavg, maxfl, 1e-6f);
    // With unequal margins (still all preferring the global model) the slopes differ and so does the
    // aggregate: the reduction is exact only for equal gaps.
    float[] unequal = new MaxFl(ClientSampler.all()).aggregateFit(1, global, replies(new double[] {0.2, 0.2, 0.2},
        new double[] {0.3, 1.2, 2.2})).flatten().data();
    assertTrue(Math.abs(unequal[0] - fedavg[0]) > 1e-3, "unequal gaps should not give FedAvg's aggregate");
  }

  @Test
  void missingReportsAndBadSettingsAreErrors() {
    List<FitReply> bare = List.of(new FitReply(0, vec(1, 1), 1, Map.of(SupervisedClient.INITIAL_LOSS, 1.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaxFl(ClientSampler.all()).aggregateFit(3, vec(0, 0), bare));
    assertTrue(e.getMessage().contains("local_loss") && e.getMessage().contains("round 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MaxFl(ClientSampler.all(), true, 0, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new MaxFl(ClientSampler.all(), true, 1, Double.NaN, true));
  }

  @Test
  void clientReportsItsLocalModelsTrainLoss() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(3, 60, 7);
    ModelSpec spec = ModelSpec.softmax();
    SupervisedClient base = new SupervisedClient(spec, 1, 10, Optimizers.sgd(0.05));
    MaxFlClient app = new MaxFlClient(base);
    Params init = Fixtures.initial(spec, clients, 3);
    InMemoryStateStore store = new InMemoryStateStore();
    ClientData d0 = clients.get(0);
    FitInstruction ask = new FitInstruction(0, 1, init, new MaxFl(ClientSampler.all()).fitConfig(1));
    // No personal model yet: refused rather than silently comparing the global model with itself.
    assertThrows(IllegalStateException.class, () -> app.fit(ask, new ClientContext(0, 1, d0, new Rng(1), store)));
    try (InProcessBackend b = new InProcessBackend(1)) {
      new Federation(clients, app, b, store, 5).run(new Local(), init, 3);
    }
    FitReply r = app.fit(ask, new ClientContext(0, 1, d0, new Rng(1), store));
    // Independent measurement: the stored model evaluated on the train split.
    EvaluateReply expected = base.evaluate(new EvaluateInstruction(0, 1, init, Config.empty().with(
        SupervisedClient.PERSONAL, true)), new ClientContext(0, 1, new ClientData(d0.train(), null, d0.train()),
        new Rng(2), store));
    assertEquals(expected.loss(), r.metrics().get(MaxFl.LOCAL_LOSS), 1e-9);
    assertTrue(r.metrics().get(SupervisedClient.INITIAL_LOSS) > r.metrics().get(MaxFl.LOCAL_LOSS),
        "three local epochs should fit the client's train split better than the initial model: " + r.metrics());
    // The personal model is untouched by a MaxFL fit.
    assertEquals(expected.loss(), app.fit(ask, new ClientContext(0, 1, d0, new Rng(1), store)).metrics()
        .get(MaxFl.LOCAL_LOSS), 1e-9);
  }
}
