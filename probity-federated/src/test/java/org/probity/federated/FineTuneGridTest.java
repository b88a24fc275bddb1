package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * FineTune's epochs chosen on validation (Motley, Wu et al. 2022) against brute force: one run per
 * single E, with validation accuracy measured by a federation whose test splits ARE the validation
 * splits (same training, same streams), so the choice and the reported test figures are checked
 * against computations that share no selection code with the grid.
 */
class FineTuneGridTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final int[] GRID = {0, 1, 3, 6};
  private static final int ROUNDS = 2;

  private static Map<Integer, ClientData> clients() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(5).withMaxSize(150),
        new Rng(11));
    return FederatedData.byClient(d, 0.25, 0.3, new Rng(11).derive("split"));
  }

  private static FederationResult run(FineTune s, Map<Integer, ClientData> clients) {
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.02)), b, 21).run(s, init,
          ROUNDS);
    }
  }

  private static Map<Integer, ClientData> validationAsTest(Map<Integer, ClientData> clients) {
    Map<Integer, ClientData> out = new TreeMap<>();
    for (Map.Entry<Integer, ClientData> e : clients.entrySet()) {
      ClientData c = e.getValue();
      out.put(e.getKey(), new ClientData(c.train(), c.validation(), c.validation()));
    }
    return out;
  }

  private static double meanAccuracy(FederationResult r) {
    double s = 0;
    for (EvaluateReply rep : r.finalClientMetrics().values()) {
      s += rep.metrics().get("accuracy");
    }
    return s / r.finalClientMetrics().size();
  }

  @Test
  void gridChoiceEqualsBruteForceOverSingleEpochRuns() {
    Map<Integer, ClientData> clients = clients();
    Map<Integer, ClientData> onValidation = validationAsTest(clients);
    int best = -1;
    double bestAcc = Double.NEGATIVE_INFINITY;
    Set<Double> distinct = new HashSet<>();
    Map<Integer, FederationResult> single = new TreeMap<>();
    for (int e : GRID) {
      single.put(e, run(new FineTune(ClientSampler.all(), e, false), clients));
      double val = meanAccuracy(run(new FineTune(ClientSampler.all(), e, false), onValidation));
      System.out.println("E=" + e + " mean validation accuracy " + val);
      distinct.add(val);
      if (val > bestAcc) {
        bestAcc = val;
        best = e;
      }
    }
    assertTrue(distinct.size() > 1, "the grid must matter for this test to discriminate: " + distinct);

    FineTune grid = new FineTune(ClientSampler.all(), new int[] {6, 0, 3, 1}, false, Double.NaN);
    assertEquals(-1, grid.chosenEpochs());
    assertArrayEquals(GRID, grid.epochGrid());
    FederationResult r = run(grid, clients);
    assertEquals(best, grid.chosenEpochs());
    FederationResult expect = single.get(best);
    assertEquals(expect.finalClientMetrics(), r.finalClientMetrics(), "test figures at the chosen E");
    assertEquals(expect.lastRound().metrics(), r.lastRound().metrics());
    assertArrayEquals(expect.global().flatten().data(), r.global().flatten().data());
    for (EvaluateReply rep : r.finalClientMetrics().values()) {
      assertEquals(best, rep.metrics().get(FineTune.EPOCHS_METRIC));
      // Only the validation accuracy and loss at the chosen E remain of the validation figures.
      assertTrue(rep.metrics().keySet().stream().noneMatch(k -> k.contains("@") || k.startsWith("val_")
          && !k.equals(SupervisedClient.VALIDATION_ACCURACY) && !k.equals(SupervisedClient.VALIDATION_LOSS)),
          rep.metrics().toString());
      assertTrue(rep.metrics().containsKey(SupervisedClient.VALIDATION_ACCURACY), rep.metrics().toString());
    }
  }

  @Test
  void tiesGoToTheSmallestEpochs() {
    // With a learning rate this small fine-tuning cannot move a prediction, so every E ties.
    Map<Integer, ClientData> clients = clients();
    FineTune grid = new FineTune(ClientSampler.all(), new int[] {2, 1}, false, 1e-12);
    run(grid, clients);
    assertEquals(1, grid.chosenEpochs());
  }

  @Test
  void gridReplyAtEachEpochEqualsASingleFineTuningOfThatLength() {
    Map<Integer, ClientData> clients = clients();
    SupervisedClient app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.05));
    Params global = Fixtures.initial(SPEC, clients, 4);
    ClientContext ctx = new ClientContext(0, 1, clients.get(0), new Rng(3), new InMemoryStateStore());
    EvaluateReply g = app.evaluate(new EvaluateInstruction(0, 1, global, Config.empty()
        .with(SupervisedClient.FINETUNE_GRID, "0,2,5").with(SupervisedClient.FINETUNE_LAST_LAYER, true)), ctx);
    for (int e : new int[] {0, 2, 5}) {
      EvaluateReply s = app.evaluate(new EvaluateInstruction(0, 1, global, Config.empty()
          .with(SupervisedClient.FINETUNE_EPOCHS, e).with(SupervisedClient.FINETUNE_LAST_LAYER, true)), ctx);
      assertEquals(s.loss(), g.metrics().get("loss@" + e), "loss at " + e);
      assertEquals(s.metrics().get("accuracy"), g.metrics().get("accuracy@" + e), "accuracy at " + e);
      assertTrue(g.metrics().containsKey("val_accuracy@" + e));
    }
    assertEquals(g.loss(), g.metrics().get("loss@0"), "the plain figures are the first grid value's");
  }

  @Test
  void aGridWithoutValidationSplitsFailsNamingTheClientAndBadGridsAreRefused() {
    Map<Integer, ClientData> noValidation = Fixtures.synthetic(3, 60, 2);
    SupervisedClient app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.05));
    Params global = Fixtures.initial(SPEC, noValidation, 4);
    int id = noValidation.keySet().iterator().next();
    ClientContext ctx = new ClientContext(id, 1, noValidation.get(id), new Rng(3), new InMemoryStateStore());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.evaluate(
        new EvaluateInstruction(id, 1, global, Config.empty().with(SupervisedClient.FINETUNE_GRID, "0,1")), ctx));
    assertTrue(e.getMessage().contains("client " + id + " has no validation split"), e.getMessage());

    FederationException f = assertThrows(FederationException.class, () -> run(new FineTune(ClientSampler.all(),
        new int[] {0, 1}, false, Double.NaN), noValidation));
    assertTrue(f.getMessage().contains("has no validation split") && f.getMessage().startsWith("round 1:"),
        f.getMessage());
    // A grid of one value needs no validation split.
    run(new FineTune(ClientSampler.all(), new int[] {1}, false, Double.NaN), noValidation);

    assertTrue(assertThrows(IllegalArgumentException.class, () -> new FineTune(ClientSampler.all(), new int[] {1, 1},
        false, Double.NaN)).getMessage().contains("epoch 1 appears twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new FineTune(ClientSampler.all(), new int[] {0, -2},
        false, Double.NaN)).getMessage().contains("-2"));
    assertThrows(IllegalArgumentException.class, () -> new FineTune(ClientSampler.all(), new int[0], false,
        Double.NaN));
  }
}
