package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.probity.federated.Fixtures.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.federated.repro.BglData;
import org.probity.federated.repro.BglRepro;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Federated bounded group loss (Hu, Wu, Smith et al., arXiv 2203.10190): the projection onto
 * {λ ≥ 0, ‖λ‖₁ ≤ B} against closed forms and its optimality certificate, the dual step and client
 * weights against a hand computation, λ = 0 as FedAvg (one aggregate and a whole run, bit for bit),
 * a two-group federation where the constraint lowers the worst group's loss, an unreachable ζ
 * reported as infeasible, and constrained groups absent from the data.
 */
class BoundedGroupLossTest {
  private static final ModelSpec SPEC = ModelSpec.logistic();

  @Test
  void projectionMatchesClosedForms() {
    // Inside Λ: unchanged; negatives clipped.
    assertArrayEquals(new double[] {0.5, 0, 1}, BoundedGroupLoss.project(new double[] {0.5, -3, 1}, 2), 0);
    // (3, 1, -2), B = 2: clip to (3, 1, 0), sum 4 > 2; τ = 1 gives (2, 0, 0).
    assertArrayEquals(new double[] {2, 0, 0}, BoundedGroupLoss.project(new double[] {3, 1, -2}, 2), 1e-12);
    // (2, 2, 1), B = 3: τ = (5 − 3) / 3 = 2/3 keeps all three: (4/3, 4/3, 1/3).
    assertArrayEquals(new double[] {4.0 / 3, 4.0 / 3, 1.0 / 3}, BoundedGroupLoss.project(new double[] {2, 2, 1}, 3),
        1e-12);
    // One coordinate: min(max(v, 0), B).
    assertArrayEquals(new double[] {10}, BoundedGroupLoss.project(new double[] {25}, 10), 0);
    assertArrayEquals(new double[] {0, 0}, BoundedGroupLoss.project(new double[] {4, 1}, 0), 0);
    assertThrows(IllegalArgumentException.class, () -> BoundedGroupLoss.project(new double[] {1}, -1));
  }

  /**
   * Λ is the convex hull of 0 and the B·e_i, so p is the projection of v iff p ∈ Λ and
   * (v − p)·(q − p) ≤ 0 at each of those vertices q: an exact certificate of the closest point.
   */
  @Property(tries = 300)
  void projectionIsFeasibleAndTheClosestPoint(@ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = -20, max = 20)
      Double> values, @ForAll @DoubleRange(min = 0, max = 15) double bound) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    double[] p = BoundedGroupLoss.project(v, bound);
    double sum = 0;
    for (double x : p) {
      assertTrue(x >= 0, "negative coordinate " + x);
      sum += x;
    }
    assertTrue(sum <= bound * (1 + 1e-12) + 1e-12, "sum " + sum + " > B " + bound);
    double tol = 1e-9 * (1 + bound) * (1 + bound);
    for (int vertex = -1; vertex < v.length; vertex++) {
      double dot = 0;
      for (int i = 0; i < v.length; i++) {
        double q = i == vertex ? bound : 0;
        dot += (v[i] - p[i]) * (q - p[i]);
      }
      assertTrue(dot <= tol, "not the closest point: (v - p).(q - p) = " + dot + " at vertex " + vertex);
    }
  }

  private static FitReply reply(int id, float[] params, double[] sums, int[] counts) {
    java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
    int n = 0;
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] > 0) {
        m.put(BoundedGroupLoss.LOSS_SUM_PREFIX + g, sums[g]);
        m.put(BoundedGroupLoss.COUNT_PREFIX + g, (double) counts[g]);
        n += counts[g];
      }
    }
    return new FitReply(id, vector(params), n, m);
  }

  @Test
  void dualStepAndClientWeightsMatchAHandComputation() {
    BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 0.5, 10, 2.0, null);
    s.checkPool(new int[] {0, 1});
    s.initialize(vector(new float[2]));
    // Group 0: 30 + 50 rows, loss sums 12 + 20 -> 0.4; group 1: 10 + 10 rows, sums 9 + 7 -> 0.8.
    List<FitReply> replies = List.of(reply(0, new float[] {1, 2}, new double[] {12, 9}, new int[] {30, 10}),
        reply(1, new float[] {3, 4}, new double[] {20, 7}, new int[] {50, 10}));
    s.aggregateFit(1, vector(new float[2]), replies);
    // λ_0 = max(0 + 2(0.4 − 0.5), 0) = 0; λ_1 = 2(0.8 − 0.5) = 0.6.
    assertArrayEquals(new double[] {0, 0.6}, s.lambda(), 1e-12);
    // w_1 = 1 + 0.6 · 100 / 20 = 4; w_0 = 1 (λ_0 = 0, no key sent).
    assertArrayEquals(new double[] {1, 4}, s.groupWeights(), 1e-12);
    Config c = s.fitConfig(2);
    assertTrue(c.getBoolean(BoundedGroupLoss.ACTIVE, false));
    assertEquals(4.0, c.getDouble(BoundedGroupLoss.WEIGHT_PREFIX + 1, Double.NaN), 1e-12);
    assertFalse(c.has(BoundedGroupLoss.WEIGHT_PREFIX + 0));
    BoundedGroupLoss.RoundState st = s.history().get(0);
    assertArrayEquals(new double[] {0.4, 0.8}, st.groupLoss(), 1e-12);
    assertEquals(0.3, st.maxViolation(), 1e-12);
    // The averaged model after one round is that round's model.
    assertArrayEquals(s.averagedModel().flatten().data(), FedAvg.weightedAverage(replies).flatten().data());
  }

  @Test
  void lambdaZeroAggregatesExactlyAsFedAvg() {
    List<FitReply> replies = new ArrayList<>();
    Rng rng = new Rng(5);
    for (int k = 0; k < 4; k++) {
      float[] p = new float[7];
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) rng.nextGaussian();
      }
      replies.add(reply(k, p, new double[] {0.1 * k, 0.2}, new int[] {5 + 7 * k, 3}));
    }
    BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 100, 0.5);
    s.initialize(vector(new float[7]));
    Params global = vector(new float[7]);
    assertArrayEquals(new FedAvg(ClientSampler.all()).aggregateFit(1, global, replies).flatten().data(),
        s.aggregateFit(1, global, replies).flatten().data());
    assertArrayEquals(new double[] {0, 0}, s.lambda(), 0);
  }

  @Test
  void neverBindingConstraintRunsExactlyLikeFedAvg() {
    Map<Integer, ClientData> clients = BglData.clients(4, 60, 20, new Rng(3));
    Params init = Fixtures.initial(SPEC, clients, 4);
    float[] avg;
    float[] bgl;
    try (InProcessBackend b = new InProcessBackend(2)) {
      avg = new Federation(clients, new SupervisedClient(SPEC, 2, 10, Optimizers.sgd(0.1)), b, 9)
          .run(new FedAvg(ClientSampler.all()), init, 3).global().flatten().data();
      BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 50, 1);
      bgl = new Federation(clients, new BoundedGroupLossClient(SPEC, 2, 10, Optimizers.sgd(0.1)), b, 9)
          .run(s, init, 3).global().flatten().data();
      assertTrue(s.feasibility().feasible(), s.feasibility().message());
    }
    assertArrayEquals(avg, bgl);
  }

  @Test
  void constraintLowersTheWorstGroupsLossBelowFedAvg() {
    Map<Integer, ClientData> clients = BglData.clients(6, 100, 20, new Rng(11));
    Params init = Fixtures.initial(SPEC, clients, 2);
    List<Dataset> train = new ArrayList<>();
    clients.values().forEach(c -> train.add(c.train()));
    ClientApp app = new BoundedGroupLossClient(SPEC, 2, 20, Optimizers.sgd(0.1));
    double[] fedavg;
    double[] bgl;
    BoundedGroupLoss s;
    try (InProcessBackend b = new InProcessBackend(2)) {
      fedavg = BglRepro.groupLosses(SPEC, new Federation(clients, app, b, 7).run(new FedAvg(ClientSampler.all()),
          init, 40).global(), train);
      double zeta = (fedavg[0] + fedavg[1]) / 2;
      s = new BoundedGroupLoss(ClientSampler.all(), zeta, 10, 1.0, null);
      FederationResult run = new Federation(clients, app, b, 7).run(s, init, 40);
      bgl = BglRepro.groupLosses(SPEC, run.global(), train);
      // The dual state is in the round metrics: λ, pooled train losses by group, the worst violation.
      Map<String, Double> m = run.lastRound().metrics();
      assertEquals(s.lambda()[1], m.get("bgl_lambda.1"), 0);
      assertEquals(s.history().get(39).maxViolation(), m.get("bgl_max_violation"), 0);
      assertTrue(m.containsKey("bgl_train_loss.0") && m.containsKey("bgl_train_loss.1"), m.toString());
    }
    double worstAvg = Math.max(fedavg[0], fedavg[1]);
    double worstBgl = Math.max(bgl[0], bgl[1]);
    assertTrue(fedavg[1] > fedavg[0], "the minority must be worse off under FedAvg: " + fedavg[0] + ", " + fedavg[1]);
    assertTrue(worstBgl < worstAvg - 0.01, "BGL's worst group loss " + worstBgl + " vs FedAvg's " + worstAvg);
    assertTrue(s.lambda()[1] > 0, "the minority's constraint must bind: lambda " + s.lambda()[1]);
    assertTrue(s.averagedModel() != null);
  }

  @Test
  void clientReportsGroupLossSumsAtTheReceivedModelAndTrainsOnTheWeights() {
    Map<Integer, ClientData> clients = BglData.clients(2, 50, 10, new Rng(8));
    Params init = Fixtures.initial(SPEC, clients, 3);
    ClientData data = clients.get(1);
    BoundedGroupLossClient app = new BoundedGroupLossClient(SPEC, 1, 10, Optimizers.sgd(0.1));
    ClientContext ctx = new ClientContext(1, 1, data, new Rng(2), new InMemoryStateStore());
    FitReply r = app.fit(new FitInstruction(1, 1, init, Config.empty().with(BoundedGroupLoss.ACTIVE, true)), ctx);
    // Independent: σ-cross-entropy of the logistic model at init, summed by group.
    Dataset train = data.train();
    float[] w = init.flatten().data();
    float[] x = train.features().data();
    double[] sums = new double[2];
    int[] counts = new int[2];
    for (int i = 0; i < train.size(); i++) {
      double z = 0;
      for (int j = 0; j < BglData.DIM; j++) {
        z += w[j] * x[i * BglData.DIM + j];
      }
      z += w[BglData.DIM];
      double y = train.labels()[i];
      double loss = Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      sums[train.groups()[i]] += loss;
      counts[train.groups()[i]]++;
    }
    for (int g = 0; g < 2; g++) {
      assertEquals(counts[g], r.metrics().get(BoundedGroupLoss.COUNT_PREFIX + g), 0);
      assertEquals(sums[g], r.metrics().get(BoundedGroupLoss.LOSS_SUM_PREFIX + g), 1e-4 * (1 + sums[g]));
    }
    // Round 1 (no weights) trains exactly as SupervisedClient; a weight on group 1 changes the model.
    float[] plain = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1)).fit(new FitInstruction(1, 1, init,
        Config.empty()), ctx).params().flatten().data();
    assertArrayEquals(plain, r.params().flatten().data());
    float[] weighted = app.fit(new FitInstruction(1, 1, init, Config.empty().with(BoundedGroupLoss.ACTIVE, true)
        .with(BoundedGroupLoss.WEIGHT_PREFIX + 1, 5.0)), ctx).params().flatten().data();
    double diff = 0;
    for (int i = 0; i < plain.length; i++) {
      diff = Math.max(diff, Math.abs(plain[i] - weighted[i]));
    }
    assertTrue(diff > 1e-4, "a group weight must change the training: max diff " + diff);
    // Chained in front of a TiltedClient, an inner tilt still reaches the tilted client.
    BoundedGroupLossClient chained = new BoundedGroupLossClient(SPEC, 1, 10, Optimizers.sgd(0.1),
        new TiltedClient(SPEC, 1, 10, Optimizers.sgd(0.1)));
    Config tilt = Config.empty().with(TiltedClient.INNER_TILT, 2.0);
    assertArrayEquals(new TiltedClient(SPEC, 1, 10, Optimizers.sgd(0.1)).fit(new FitInstruction(1, 1, init, tilt), ctx)
        .params().flatten().data(), chained.fit(new FitInstruction(1, 1, init, tilt), ctx).params().flatten().data());
    assertArrayEquals(r.params().flatten().data(), chained.fit(new FitInstruction(1, 1, init,
        Config.empty().with(BoundedGroupLoss.ACTIVE, true)), ctx).params().flatten().data());
  }

  @Test
  void unreachableZetaIsReportedInfeasible() {
    Map<Integer, ClientData> clients = BglData.clients(3, 60, 10, new Rng(4));
    Params init = Fixtures.initial(SPEC, clients, 1);
    BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 0.0001, 10, 5.0, null);
    try (InProcessBackend b = new InProcessBackend(2)) {
      new Federation(clients, new BoundedGroupLossClient(SPEC, 1, 20, Optimizers.sgd(0.05)), b, 3).run(s, init, 25);
    }
    BoundedGroupLoss.Feasibility f = s.feasibility();
    assertFalse(f.feasible());
    assertTrue(f.lambdaAtBound() && f.stalledSince() > 0, f.toString());
    assertTrue(f.worstViolation() > 0.1, "violation " + f.worstViolation());
    String m = f.message();
    System.out.println(m);
    assertTrue(m.contains("zeta = 0.0001") && m.contains("infeasible") && m.contains("lambda at its bound 10")
        && m.contains("after 25 rounds"), m);
    double l1 = 0;
    for (double v : s.lambda()) {
      l1 += v;
    }
    assertEquals(10, l1, 1e-9);
  }

  @Test
  void constrainedGroupAbsentFromTheDataIsAnError() {
    Map<Integer, ClientData> clients = BglData.clients(2, 30, 10, new Rng(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BoundedGroupLoss.requireGroupsPresent(new int[] {0, 5}, clients));
    assertTrue(e.getMessage().contains("absent from the data: [5]") && e.getMessage().contains("groups present: [0, 1]"),
        e.getMessage());
    BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 0.3, 10, 1, new int[] {5, 0});
    Params init = Fixtures.initial(SPEC, clients, 1);
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(clients, new BoundedGroupLossClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 3);
      e = assertThrows(IllegalArgumentException.class, () -> f.run(s, init, 2));
    }
    assertTrue(e.getMessage().contains("absent from the data: [5]") && e.getMessage().contains("groups present: [0, 1]"),
        e.getMessage());
  }

  @Test
  void badSettingsAndRepliesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new BoundedGroupLoss(ClientSampler.all(), Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> new BoundedGroupLoss(ClientSampler.all(), 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new BoundedGroupLoss(ClientSampler.all(), 0.1, -1, 1, null));
    assertThrows(IllegalArgumentException.class, () -> new BoundedGroupLoss(ClientSampler.all(), 0.1, 1, 1,
        new int[] {1, 1}));
    BoundedGroupLoss s = new BoundedGroupLoss(ClientSampler.all(), 0.1, 1);
    s.initialize(vector(new float[2]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.aggregateFit(3,
        vector(new float[2]), List.of(new FitReply(6, vector(new float[2]), 4, Map.of()))));
    assertTrue(e.getMessage().contains("client 6") && e.getMessage().contains("round 3")
        && e.getMessage().contains("BoundedGroupLossClient"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new BoundedGroupLoss(ClientSampler.all(), 0.1, 1).feasibility());
    // A client without group ids is told so.
    Map<Integer, ClientData> plain = Fixtures.synthetic(2, 60, 1);
    BoundedGroupLossClient app = new BoundedGroupLossClient(ModelSpec.softmax(), 1, 10, Optimizers.sgd(0.1));
    ClientContext ctx = new ClientContext(0, 1, plain.get(0), new Rng(1), new InMemoryStateStore());
    Params init = Fixtures.initial(ModelSpec.softmax(), plain, 1);
    e = assertThrows(IllegalArgumentException.class, () -> app.fit(new FitInstruction(0, 1, init,
        Config.empty().with(BoundedGroupLoss.ACTIVE, true)), ctx));
    assertTrue(e.getMessage().contains("no group ids"), e.getMessage());
    // Without the key it is SupervisedClient; with FedProx's key it refuses.
    assertEquals(new SupervisedClient(ModelSpec.softmax(), 1, 10, Optimizers.sgd(0.1)).fit(
        new FitInstruction(0, 1, init, Config.empty()), ctx).params().flatten().data()[0],
        app.fit(new FitInstruction(0, 1, init, Config.empty()), ctx).params().flatten().data()[0]);
  }
}
