package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Server-side evaluation (Flower's evaluate_fn) and evaluating every n-th round. */
class CentralEvaluationTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();

  private static Map<Integer, ClientData> clients() {
    return Fixtures.synthetic(5, 60, 3);
  }

  /**
   * The server's data: the federation's whole dataset (the clients' rows pooled), since FedProx's
   * synthetic clients each have their own labelling model and another draw would share none.
   */
  private static Dataset heldOut() {
    return FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(5).withMaxSize(60), new Rng(3));
  }

  private static Federation federation(Map<Integer, ClientData> clients, InProcessBackend b) {
    return new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 21);
  }

  /** Accuracy and mean cross-entropy of the linear softmax model in double precision, by plain loops. */
  private static double[] accuracyAndLoss(Params p, Dataset d) {
    Tensor w = null;
    Tensor bias = null;
    for (String name : p.names()) {
      if (name.endsWith("weight")) {
        w = p.get(name);
      } else if (name.endsWith("bias")) {
        bias = p.get(name);
      }
    }
    int classes = w.dim(0);
    int in = w.dim(1);
    float[] x = d.features().data();
    int[] y = d.labels();
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < d.size(); i++) {
      double[] z = new double[classes];
      int best = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = bias.data()[c];
        for (int j = 0; j < in; j++) {
          s += (double) w.data()[c * in + j] * x[i * in + j];
        }
        z[c] = s;
        if (s > max) {
          max = s;
          best = c;
        }
      }
      double sumExp = 0;
      for (double v : z) {
        sumExp += Math.exp(v - max);
      }
      loss += Math.log(sumExp) + max - z[y[i]];
      if (best == y[i]) {
        correct++;
      }
    }
    return new double[] {correct / (double) d.size(), loss / d.size()};
  }

  @Test
  void centralEvaluationIsTheGlobalModelsAccuracyOnTheHeldOutData() {
    Map<Integer, ClientData> clients = clients();
    Dataset test = heldOut();
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(2)) {
      r = federation(clients, b).withCentralEvaluator(new SupervisedCentralEvaluator(SPEC, test))
          .run(new FedAvg(ClientSampler.all()), Fixtures.initial(SPEC, clients, 4), 3);
    }
    for (RoundRecord rec : r.rounds()) {
      assertTrue(rec.central().containsKey("loss") && rec.central().containsKey("accuracy"), rec.toString());
    }
    double[] expect = accuracyAndLoss(r.global(), test);
    Map<String, Double> central = r.lastRound().central();
    System.out.println("central " + central + ", independent " + java.util.Arrays.toString(expect));
    assertEquals(expect[0], central.get("accuracy"), 1e-12);
    assertEquals(expect[1], central.get("loss"), 1e-5);
    assertTrue(expect[0] > 0.2, "the federation should have learnt something: " + expect[0]);
  }

  @Test
  void centralEvaluationDoesNotChangeTheRunAndIsSkippedWithoutAGlobalModel() {
    Map<Integer, ClientData> clients = clients();
    Params init = Fixtures.initial(SPEC, clients, 4);
    SupervisedCentralEvaluator ev = new SupervisedCentralEvaluator(SPEC, heldOut());
    try (InProcessBackend b = new InProcessBackend(2)) {
      FederationResult plain = federation(clients, b).run(new FedAvg(ClientSampler.all()), init, 2);
      FederationResult central = federation(clients, b).withCentralEvaluator(ev).run(new FedAvg(ClientSampler.all()),
          init, 2);
      assertArrayEquals(plain.global().flatten().data(), central.global().flatten().data());
      assertEquals(plain.finalClientMetrics(), central.finalClientMetrics());
      for (int i = 0; i < 2; i++) {
        RoundRecord a = plain.rounds().get(i);
        RoundRecord c = central.rounds().get(i);
        assertTrue(a.central().isEmpty());
        assertFalse(c.central().isEmpty());
        assertEquals(a, new RoundRecord(c.round(), c.sampled(), c.arrived(), c.dropped(), c.stragglers(),
            c.timedOut(), c.failed(), c.rejected(), c.attempts(), c.metrics(), c.bytesDown(), c.bytesUp(),
            c.evaluateBytesDown()));
      }
      FederationResult local = federation(clients, b).withCentralEvaluator(ev).run(new Local(), init, 2);
      Params stacked = Ifca.stack(List.of(init, Fixtures.initial(SPEC, clients, 5)));
      FederationResult ifca = federation(clients, b).withCentralEvaluator(ev).run(new Ifca(ClientSampler.all(), 2),
          stacked, 2);
      for (FederationResult r : List.of(local, ifca)) {
        for (RoundRecord rec : r.rounds()) {
          assertTrue(rec.central().isEmpty(), r.strategy() + " has no global model: " + rec.central());
          assertFalse(rec.metrics().isEmpty(), r.strategy() + " is still evaluated federatedly");
        }
      }
    }
    assertFalse(new Local().hasGlobalModel());
    assertFalse(new Ifca(ClientSampler.all(), 2).hasGlobalModel());
    assertTrue(new FedAvg(ClientSampler.all()).hasGlobalModel());
    assertTrue(new FineTune(ClientSampler.all(), 1, false).hasGlobalModel());
  }

  @Test
  void evaluateEveryLeavesSkippedRoundsEmptyAndAlwaysEvaluatesTheLast() {
    Map<Integer, ClientData> clients = clients();
    Params init = Fixtures.initial(SPEC, clients, 4);
    SupervisedCentralEvaluator inner = new SupervisedCentralEvaluator(SPEC, heldOut());
    List<Integer> called = new ArrayList<>();
    CentralEvaluator counting = (round, global) -> {
      called.add(round);
      return inner.evaluate(round, global);
    };
    try (InProcessBackend b = new InProcessBackend(2)) {
      FederationResult every = federation(clients, b).run(new FedAvg(ClientSampler.all()), init, 5);
      Federation f = federation(clients, b).withCentralEvaluator(counting).withEvaluateEvery(2);
      assertEquals(2, f.evaluateEvery());
      FederationResult sparse = f.run(new FedAvg(ClientSampler.all()), init, 5);
      assertEquals(List.of(2, 4, 5), called);
      for (RoundRecord rec : sparse.rounds()) {
        boolean evaluated = rec.round() % 2 == 0 || rec.round() == 5;
        assertEquals(evaluated, !rec.metrics().isEmpty(), "metrics of round " + rec.round());
        assertEquals(evaluated, !rec.central().isEmpty(), "central metrics of round " + rec.round());
        assertEquals(evaluated, rec.evaluateBytesDown() > 0, "evaluation bytes of round " + rec.round());
        if (evaluated) {
          assertEquals(every.rounds().get(rec.round() - 1).metrics(), rec.metrics(), "round " + rec.round());
        }
        assertEquals(every.rounds().get(rec.round() - 1).bytesDown(), rec.bytesDown());
      }
      assertArrayEquals(every.global().flatten().data(), sparse.global().flatten().data(),
          "evaluating less often must not change training");
      assertEquals(every.finalClientMetrics(), sparse.finalClientMetrics());
    }
    assertThrows(IllegalArgumentException.class, () -> federation(clients(), null).withEvaluateEvery(0));
  }
}
