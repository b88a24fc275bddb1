package org.probity.federated;

import static org.probity.federated.Fixtures.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * TERM across clients (Li, Beirami, Sanjabi, Smith, ICLR 2021 / JMLR 2023): the weights against a
 * direct evaluation of n_k exp(t F_k) / Σ n_j exp(t F_j), t = 0 against FedAvg bit for bit (one
 * aggregation and a whole run), a tilt large enough to overflow the direct formula, bad replies, and
 * the hierarchical client's reported tilted risk against an independent computation.
 */
class TiltedFedAvgTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();



  @Test
  void weightsMatchAHandComputation() {
    double[] n = {10, 20, 30};
    double[] f = {0.5, 1.0, 2.0};
    // t = 1: 10e^0.5 = 16.487, 20e^1 = 54.366, 30e^2 = 221.672; total 292.525.
    double[] w = TiltedFedAvg.weights(n, f, 1.0);
    double total = 10 * Math.exp(0.5) + 20 * Math.exp(1) + 30 * Math.exp(2);
    assertEquals(10 * Math.exp(0.5) / total, w[0], 1e-15);
    assertEquals(20 * Math.exp(1) / total, w[1], 1e-15);
    assertEquals(30 * Math.exp(2) / total, w[2], 1e-15);
    assertEquals(0.05636, w[0], 1e-5);
    assertEquals(0.18585, w[1], 1e-5);
    assertEquals(0.75779, w[2], 1e-5);
    // t = -1 favours the best-off client; a client with no examples weighs nothing.
    double[] neg = TiltedFedAvg.weights(new double[] {10, 0, 30}, f, -1.0);
    double tn = 10 * Math.exp(-0.5) + 30 * Math.exp(-2);
    assertEquals(10 * Math.exp(-0.5) / tn, neg[0], 1e-15);
    assertEquals(0.0, neg[1]);
    assertEquals(30 * Math.exp(-2) / tn, neg[2], 1e-15);
  }

  @Test
  void aggregateIsTheTiltedAverageOfTheClientModels() {
    List<FitReply> replies = Fixtures.repliesWithLosses(new Rng(3), 5, 6);
    double t = 0.7;
    double total = 0;
    for (FitReply r : replies) {
      total += r.numExamples() * Math.exp(t * r.metrics().get(SupervisedClient.INITIAL_LOSS));
    }
    double[] expected = new double[6];
    for (FitReply r : replies) {
      double wk = r.numExamples() * Math.exp(t * r.metrics().get(SupervisedClient.INITIAL_LOSS)) / total;
      float[] v = r.params().flatten().data();
      for (int i = 0; i < v.length; i++) {
        expected[i] += wk * v[i];
      }
    }
    float[] got = new TiltedFedAvg(ClientSampler.all(), t).aggregateFit(1, vector(new float[6]), replies).flatten()
        .data();
    for (int i = 0; i < got.length; i++) {
      assertEquals(expected[i], got[i], 1e-5, "coordinate " + i);
    }
  }

  @Test
  void tiltZeroIsFedAvgBitForBit() {
    List<FitReply> replies = Fixtures.repliesWithLosses(new Rng(4), 7, 9);
    Params global = vector(new float[9]);
    assertArrayEquals(FedAvg.weights(replies), TiltedFedAvg.weights(
        replies.stream().mapToDouble(FitReply::numExamples).toArray(),
        replies.stream().mapToDouble(r -> r.metrics().get(SupervisedClient.INITIAL_LOSS)).toArray(), 0.0));
    assertArrayEquals(new FedAvg(ClientSampler.all()).aggregateFit(1, global, replies).flatten().data(),
        new TiltedFedAvg(ClientSampler.all(), 0).aggregateFit(1, global, replies).flatten().data());
  }

  @Test
  void tiltZeroRunsExactlyLikeFedAvgEndToEnd() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(5, 120, 3);
    Params init = Fixtures.initial(SPEC, clients, 4);
    ClientApp app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1));
    float[] avg;
    float[] t0;
    float[] t1;
    try (InProcessBackend b = new InProcessBackend(2)) {
      avg = new Federation(clients, app, b, 9).run(new FedAvg(ClientSampler.all()), init, 3).global().flatten().data();
      t0 = new Federation(clients, app, b, 9).run(new TiltedFedAvg(ClientSampler.all(), 0), init, 3).global()
          .flatten().data();
      t1 = new Federation(clients, app, b, 9).run(new TiltedFedAvg(ClientSampler.all(), 1), init, 3).global()
          .flatten().data();
    }
    assertArrayEquals(avg, t0);
    double diff = 0;
    for (int i = 0; i < avg.length; i++) {
      diff = Math.max(diff, Math.abs(avg[i] - t1[i]));
    }
    assertTrue(diff > 1e-4, "t = 1 must differ from FedAvg on a heterogeneous federation: max diff " + diff);
  }

  @Test
  void largeTiltStaysFinite() {
    double[] n = {50, 50, 50};
    double[] f = {1.0, 5.0, 12.0};
    assertTrue(Double.isInfinite(Math.exp(100 * 12.0)), "the direct formula overflows here");
    double[] w = TiltedFedAvg.weights(n, f, 100);
    double sum = 0;
    for (double v : w) {
      assertTrue(Double.isFinite(v) && v >= 0, "weight " + v);
      sum += v;
    }
    assertEquals(1.0, sum, 1e-12);
    assertEquals(1.0, w[2], 1e-12);
    assertEquals(Math.exp(-700), w[1], 1e-300);
    List<FitReply> replies = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      replies.add(new FitReply(k, vector(new float[] {k, -k}), 50, Map.of(SupervisedClient.INITIAL_LOSS, f[k])));
    }
    float[] got = new TiltedFedAvg(ClientSampler.all(), 100).aggregateFit(1, vector(new float[2]), replies).flatten()
        .data();
    assertArrayEquals(new float[] {2, -2}, got, 1e-6f);
  }

  @Test
  void badRepliesAreRejectedWithAClearMessage() {
    TiltedFedAvg s = new TiltedFedAvg(ClientSampler.all(), 1);
    Params g = vector(new float[2]);
    List<FitReply> nan = List.of(new FitReply(0, vector(new float[2]), 3, Map.of(SupervisedClient.INITIAL_LOSS, 1.0)),
        new FitReply(7, vector(new float[2]), 3, Map.of(SupervisedClient.INITIAL_LOSS, Double.NaN)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.aggregateFit(2, g, nan));
    assertTrue(e.getMessage().contains("client 7") && e.getMessage().contains("NaN")
        && e.getMessage().contains(SupervisedClient.INITIAL_LOSS) && e.getMessage().contains("round 2"), e.getMessage());
    List<FitReply> missing = List.of(new FitReply(4, vector(new float[2]), 3, Map.of()));
    e = assertThrows(IllegalArgumentException.class, () -> s.aggregateFit(1, g, missing));
    assertTrue(e.getMessage().contains("client 4") && e.getMessage().contains("null"), e.getMessage());
    List<FitReply> shape = List.of(new FitReply(5, vector(new float[3]), 3, Map.of(SupervisedClient.INITIAL_LOSS, 1.0)));
    e = assertThrows(IllegalArgumentException.class, () -> s.aggregateFit(1, g, shape));
    assertTrue(e.getMessage().contains("3 values, expected 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TiltedFedAvg(ClientSampler.all(), Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> TiltedFedAvg.hierarchical(ClientSampler.all(), 1,
        Double.POSITIVE_INFINITY));
  }

  // ---- hierarchical TERM: the client's tilted objective ----

  @Test
  void tiltedClientReportsItsTiltedRiskAndTrains() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(3, 80, 5);
    Params init = Fixtures.initial(SPEC, clients, 6);
    ClientData data = clients.get(0);
    double t = 2.0;
    TiltedClient app = new TiltedClient(SPEC, 1, 10, Optimizers.sgd(0.1));
    ClientContext ctx = new ClientContext(0, 1, data, new Rng(8), new InMemoryStateStore());
    Config cfg = Config.empty().with(SupervisedClient.REPORT_INITIAL_LOSS, true).with(TiltedClient.INNER_TILT, t);
    FitReply r = app.fit(new FitInstruction(0, 1, init, cfg), ctx);
    // Independent: per-example losses at init, then (1/t) log mean exp(t l) by the direct formula.
    Dataset train = data.train();
    Module model = Models.build(SPEC, train, new Rng(1));
    model.params().assign(init);
    LossFunction loss = LossFunction.forModel(SPEC, train);
    double s = 0;
    double mean = 0;
    try (NoGrad ignored = NoGrad.enter()) {
      Batch all = Batches.inOrder(train, train.size()).get(0);
      for (float l : loss.perExample(model.forward(all.x()), all).data()) {
        s += Math.exp(t * l);
        mean += l / train.size();
      }
    }
    double expected = Math.log(s / train.size()) / t;
    double got = r.metrics().get(SupervisedClient.INITIAL_LOSS);
    assertEquals(expected, got, 1e-5 * Math.abs(expected));
    assertTrue(got > mean, "a positive tilt exceeds the mean loss: " + got + " vs " + mean);
    assertEquals(train.size(), r.numExamples());
    float[] a = init.flatten().data();
    float[] b = r.params().flatten().data();
    double moved = 0;
    for (int i = 0; i < a.length; i++) {
      moved = Math.max(moved, Math.abs(a[i] - b[i]));
    }
    assertTrue(moved > 1e-3, "the client must train: max change " + moved);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.fit(
        new FitInstruction(0, 1, init, cfg.with(Config.PROXIMAL_MU, 0.1)), ctx));
    assertTrue(e.getMessage().contains(Config.PROXIMAL_MU), e.getMessage());
  }

  @Test
  void tiltedClientWithoutTheKeyIsSupervisedClient() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(4, 100, 7);
    Params init = Fixtures.initial(SPEC, clients, 2);
    float[] plain;
    float[] tilted;
    float[] hier;
    try (InProcessBackend b = new InProcessBackend(2)) {
      plain = new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 5)
          .run(new TiltedFedAvg(ClientSampler.all(), 1), init, 2).global().flatten().data();
      tilted = new Federation(clients, new TiltedClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 5)
          .run(new TiltedFedAvg(ClientSampler.all(), 1), init, 2).global().flatten().data();
      hier = new Federation(clients, new TiltedClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 5)
          .run(TiltedFedAvg.hierarchical(ClientSampler.all(), 1, 3), init, 2).global().flatten().data();
    }
    assertArrayEquals(plain, tilted);
    double diff = 0;
    for (int i = 0; i < hier.length; i++) {
      assertTrue(Float.isFinite(hier[i]));
      diff = Math.max(diff, Math.abs(hier[i] - plain[i]));
    }
    assertTrue(diff > 1e-4, "an inner tilt must change the model: max diff " + diff);
  }
}
