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
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.federated.privacy.UpdateClipping;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Client-level DP-FedAvg: the non-private limit, clipping, the noise's size, accounting, bad input. */
class DpFixedClippingTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();

  /** Clients that reply global + their own fixed update (one parameter vector "w" of n values). */
  private static ClientApp fixedUpdates(Map<Integer, float[]> updates) {
    return new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        float[] g = in.global().flatten().data();
        float[] u = updates.get(in.clientId());
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
          out[i] = g[i] + u[i];
        }
        return new FitReply(in.clientId(), in.global().unflatten(Tensor.vector(out)), 7, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, 0.0, Map.of());
      }
    };
  }

  private static FederationResult run(Strategy s, ClientApp app, int clients, Params init, int rounds) {
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(Fixtures.dummyClients(clients), app, b, 3).run(s, init, rounds);
    }
  }

  @Test
  void withoutNoiseOrClippingItIsFedAvgOfEqualClients() {
    // Eight clients of 30 training rows each: FedAvg's example weights are then the uniform weights.
    Dataset d = org.probity.core.data.synthetic.FedProxSynthetic.generate(
        org.probity.core.data.synthetic.FedProxSynthetic.Config.of(1, 1).withClients(8).withMaxSize(400),
        new Rng(2));
    Map<Integer, ClientData> clients = new LinkedHashMap<>();
    for (int id = 0; id < 8; id++) {
      int[] rows = new int[30];
      int k = 0;
      for (int i = 0; i < d.size() && k < 30; i++) {
        if (d.clients()[i] == id) {
          rows[k++] = i;
        }
      }
      assertEquals(30, k);
      Dataset c = d.subset(rows);
      clients.put(id, new ClientData(c, null, c));
    }
    Params init = Fixtures.initial(SPEC, clients, 4);
    SupervisedClient app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1));
    for (Strategy[] pair : List.of(new Strategy[] {new FedAvg(ClientSampler.all()), new FedAvg(ClientSampler.all())},
        new Strategy[] {new FedProx(ClientSampler.fixedCount(4), 0.1), new FedProx(ClientSampler.fixedCount(4), 0.1)},
        new Strategy[] {new MrMtl(0.5), new MrMtl(0.5)})) {
      double q = pair[0] instanceof FedProx ? 0.5 : 1.0;
      FederationResult plain;
      FederationResult limit;
      try (InProcessBackend b = new InProcessBackend(2)) {
        plain = new Federation(clients, app, b, 9).run(pair[0], init, 4);
        limit = new Federation(clients, app, b, 9).run(new DpFixedClipping(pair[1], 0, 1e30, q, 1e-5), init, 4);
      }
      float[] a = plain.global().flatten().data();
      float[] c = limit.global().flatten().data();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], c[i], 1e-5 * Math.max(1, Math.abs(a[i])), pair[0].name() + " coordinate " + i);
      }
      assertEquals(Double.POSITIVE_INFINITY, limit.lastRound().metrics().get(DpFixedClipping.EPSILON_METRIC));
    }
  }

  @Test
  void clippedUpdatesNeverExceedTheBound() {
    Rng rng = new Rng(11);
    for (int t = 0; t < 200; t++) {
      int n = 1 + rng.nextInt(300);
      float scale = (float) Math.exp(8 * rng.nextDouble() - 4);
      float[] u = new float[n];
      for (int i = 0; i < n; i++) {
        u[i] = (float) rng.nextGaussian() * scale;
      }
      double s = Math.exp(4 * rng.nextDouble() - 2);
      Params p = Fixtures.constant(0, n).unflatten(Tensor.vector(u));
      Params c = UpdateClipping.clip(p, s);
      double norm = UpdateClipping.norm(c);
      assertTrue(norm <= s, "clipped norm " + norm + " > S = " + s);
      double before = UpdateClipping.norm(p);
      if (before > s) {
        assertEquals(s, norm, 1e-6 * s, "an update above S is scaled onto the sphere");
      } else {
        assertEquals(p, c, "an update within S is kept");
      }
    }
  }

  @Test
  void theServerReleasesAtMostSOverMPerClient() {
    // One client, one huge update, no noise: the global model moves by exactly S / m.
    Map<Integer, float[]> updates = new LinkedHashMap<>();
    updates.put(0, new float[] {300, -400, 0});
    updates.put(1, new float[] {0, 0, 0});
    DpFixedClipping dp = new DpFixedClipping(new FedAvg(ClientSampler.all()), 0, 2.0, 1.0, 1e-5);
    FederationResult r = run(dp, fixedUpdates(updates), 2, Fixtures.constant(0, 3), 1);
    float[] g = r.global().flatten().data();
    assertEquals(0.6, g[0], 1e-6);
    assertEquals(-0.8, g[1], 1e-6);
    assertEquals(0, g[2], 0);
    assertEquals(500, dp.lastUpdateNorms()[0], 1e-9);
  }

  @Test
  void theClientModClipsBeforeTheUpdateLeaves() {
    Map<Integer, float[]> updates = new LinkedHashMap<>();
    Rng rng = new Rng(5);
    for (int id = 0; id < 5; id++) {
      float[] u = new float[50];
      for (int i = 0; i < u.length; i++) {
        u[i] = (float) rng.nextGaussian() * (id + 1);
      }
      updates.put(id, u);
    }
    ClientApp app = Mods.wrap(fixedUpdates(updates), new ClipUpdateMod(3.0));
    Params global = Fixtures.constant(0.25f, 50);
    for (int id = 0; id < 5; id++) {
      FitReply r = app.fit(new FitInstruction(id, 1, global, Config.empty()), null);
      double norm = UpdateClipping.norm(ParamMath.sub(r.params(), global));
      assertTrue(norm <= 3.0 * (1 + 1e-6), "client " + id + " sent an update of norm " + norm);
    }
    assertThrows(IllegalArgumentException.class, () -> new ClipUpdateMod(0));
  }

  @Test
  void theNoiseHasStdSigmaSOverM() {
    // Every client replies the global model unchanged: what the global model moves is the noise alone.
    int clients = 8;
    int n = 20_000;
    Map<Integer, float[]> updates = new LinkedHashMap<>();
    for (int id = 0; id < clients; id++) {
      updates.put(id, new float[n]);
    }
    double sigma = 1.7;
    double s = 0.5;
    double q = 0.5;
    DpFixedClipping dp = new DpFixedClipping(new FedAvg(ClientSampler.fixedCount(4)), sigma, s, q, 1e-5);
    FederationResult r = run(dp, fixedUpdates(updates), clients, Fixtures.constant(0, n), 1);
    float[] g = r.global().flatten().data();
    double sum = 0;
    double sq = 0;
    for (float v : g) {
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / n;
    double std = Math.sqrt(sq / n - mean * mean);
    double want = sigma * s / (q * clients);
    // The sample std of n normals has standard error ≈ std/√(2n); allow five of them.
    assertEquals(want, std, 5 * want / Math.sqrt(2.0 * n), "noise std");
    assertEquals(0, mean, 5 * want / Math.sqrt(n), "noise mean");
  }

  @Test
  void theAccountantStepsOncePerRoundEvenWhenNobodyIsSampled() {
    int clients = 6;
    Map<Integer, float[]> updates = new LinkedHashMap<>();
    for (int id = 0; id < clients; id++) {
      updates.put(id, new float[] {1, 1});
    }
    double q = 0.05;
    DpFixedClipping dp = new DpFixedClipping(new FedAvg(ClientSampler.poisson(q)), 1.3, 1.0, q, 1e-5);
    int rounds = 12;
    FederationResult r = run(dp, fixedUpdates(updates), clients, Fixtures.constant(0, 2), rounds);
    int empty = 0;
    List<Double> eps = new ArrayList<>();
    for (RoundRecord rec : r.rounds()) {
      empty += rec.sampled() == 0 ? 1 : 0;
      eps.add(rec.metrics().get(DpFixedClipping.EPSILON_METRIC));
    }
    assertTrue(empty > 0, "q = 0.05 over 6 clients leaves most cohorts empty");
    assertEquals(rounds, dp.rounds());
    assertEquals(NoiseCalibration.epsilon(1.3, q, rounds, 1e-5), dp.epsilon(), 1e-12);
    for (int i = 1; i < eps.size(); i++) {
      assertTrue(eps.get(i) > eps.get(i - 1), "ε grows every round: " + eps);
    }
    assertTrue(r.global().flatten().data()[0] != 0, "empty rounds still add noise");
    assertTrue(dp.guarantee().startsWith("(ε=" + String.format(java.util.Locale.ROOT, "%.2f", dp.epsilon())
        + ", δ=1e-5)-DP for each client's whole data, by RDP accounting of 12 subsampled Gaussian rounds, q=0.05,"
        + " σ=1.3"), dp.guarantee());
  }

  @Test
  void badSettingsFailWithTheirValues() {
    Strategy fedavg = new FedAvg(ClientSampler.all());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, -0.5, 1, 0.1, 1e-5))
        .getMessage().contains("σ must be a finite number >= 0, got -0.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, 1, 0, 0.1, 1e-5))
        .getMessage().contains("clip norm S must be > 0, got 0.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, 1, 1, 0, 1e-5))
        .getMessage().contains("q must be in (0, 1], got 0.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, 1, 1, 1.5, 1e-5))
        .getMessage().contains("got 1.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, 1, 1, 0.5, 0))
        .getMessage().contains("δ must be in (0, 1)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(new Local(), 1, 1, 1, 1e-5))
        .getMessage().contains("keeps none"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(
        new Ifca(ClientSampler.all(), 2), 1, 1, 1, 1e-5)).getMessage().contains("keeps none"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(
        new FedMedian(ClientSampler.all()), 1, 1, 1, 1e-5)).getMessage().contains("individual replies"));
    assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(
        new DpFixedClipping(fedavg, 1, 1, 1, 1e-5), 1, 1, 1, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> new DpFixedClipping(fedavg, 1, Double.POSITIVE_INFINITY, 1,
        1e-5));
  }

  @Test
  void theNoiseRepeatsWithTheSeed() {
    Map<Integer, float[]> updates = Map.of(0, new float[] {1, 2, 3}, 1, new float[] {-1, 0, 1});
    FederationResult a = run(new DpFixedClipping(new FedAvg(ClientSampler.all()), 1, 1, 1, 1e-5),
        fixedUpdates(updates), 2, Fixtures.constant(0, 3), 3);
    FederationResult b = run(new DpFixedClipping(new FedAvg(ClientSampler.all()), 1, 1, 1, 1e-5),
        fixedUpdates(updates), 2, Fixtures.constant(0, 3), 3);
    assertArrayEquals(a.global().flatten().data(), b.global().flatten().data());
  }
}
