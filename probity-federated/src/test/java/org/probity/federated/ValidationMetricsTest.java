package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * A client with validation rows reports its evaluated model's validation accuracy and loss
 * ({@link SupervisedClient#VALIDATION_ACCURACY}) beside its test figures, and nothing else changes:
 * the same federation with the validation rows withheld trains the same parameters bit for bit and
 * reports the same test figures, only without the validation keys. The validation figures are
 * checked against independent computations: the global model evaluated directly on each client's
 * validation rows (FedAvg), and a run whose test splits ARE the validation splits (personal and
 * fine-tuned models, whose training they share).
 */
class ValidationMetricsTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final Set<String> ADDED = Set.of(SupervisedClient.VALIDATION_ACCURACY, SupervisedClient.VALIDATION_LOSS);
  private static final Set<String> ADDED_ROUND = Set.of("val_accuracy", "client_mean_val_accuracy", "val_loss",
      "client_mean_val_loss");

  private static Map<Integer, ClientData> clients() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(4).withMaxSize(120),
        new Rng(5));
    return FederatedData.byClient(d, 0.25, 0.3, new Rng(5).derive("split"));
  }

  private static Map<Integer, ClientData> map(Map<Integer, ClientData> clients, boolean keepValidation,
      boolean validationAsTest) {
    Map<Integer, ClientData> out = new TreeMap<>();
    clients.forEach((id, c) -> out.put(id, new ClientData(c.train(), keepValidation ? c.validation() : null,
        validationAsTest ? c.validation() : c.test())));
    return out;
  }

  private static FederationResult run(Strategy s, Map<Integer, ClientData> clients) {
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.05)), b, 31).run(s, init, 2);
    }
  }

  /** FedAvg, Ditto's personal models, fine-tuning a fixed E and choosing E from a grid. */
  private static final Map<String, Supplier<Strategy>> STRATEGIES = Map.of(
      "fedavg", () -> new FedAvg(ClientSampler.all()),
      "ditto", () -> new Ditto(ClientSampler.all(), 0.5),
      "finetune", () -> new FineTune(ClientSampler.all(), 2, false),
      "finetune-grid", () -> new FineTune(ClientSampler.all(), new int[] {0, 1, 4}, false, Double.NaN));

  @Test
  void validationFiguresOnlyAddKeysAndAreThoseOfTheModelEvaluatedOnTest() {
    Map<Integer, ClientData> clients = clients();
    for (Map.Entry<String, Supplier<Strategy>> e : STRATEGIES.entrySet()) {
      String name = e.getKey();
      FederationResult with = run(e.getValue().get(), clients);
      boolean grid = name.equals("finetune-grid");
      // A grid needs validation rows to choose on; without them it is the single E it chose.
      FederationResult without = run(grid ? new FineTune(ClientSampler.all(), chosenEpochs(with), false)
          : e.getValue().get(), map(clients, false, false));
      assertArrayEquals(without.global().flatten().data(), with.global().flatten().data(), name + ": trained params");
      for (int id : clients.keySet()) {
        EvaluateReply w = with.finalClientMetrics().get(id);
        EvaluateReply o = without.finalClientMetrics().get(id);
        assertEquals(o.loss(), w.loss(), name + " client " + id);
        assertEquals(o.numExamples(), w.numExamples(), name + " client " + id);
        Map<String, Double> stripped = new TreeMap<>(w.metrics());
        assertTrue(stripped.keySet().containsAll(ADDED), name + ": " + stripped.keySet());
        stripped.keySet().removeAll(ADDED);
        assertEquals(new TreeMap<>(o.metrics()), stripped, name + " client " + id + ": test figures unchanged");
      }
      Map<String, Double> round = new TreeMap<>(with.lastRound().metrics());
      assertTrue(round.keySet().containsAll(ADDED_ROUND), name + ": " + round.keySet());
      round.keySet().removeAll(ADDED_ROUND);
      assertEquals(new TreeMap<>(without.lastRound().metrics()), round, name + ": round figures unchanged");

      // Independently: the same training with the validation rows as test rows measures them as "accuracy".
      Strategy again = grid ? new FineTune(ClientSampler.all(), chosenEpochs(with), false)
          : e.getValue().get();
      FederationResult onValidation = run(again, map(clients, true, true));
      for (int id : clients.keySet()) {
        EvaluateReply v = onValidation.finalClientMetrics().get(id);
        EvaluateReply w = with.finalClientMetrics().get(id);
        assertEquals(v.metrics().get(Metrics.ACCURACY), w.metrics().get(SupervisedClient.VALIDATION_ACCURACY),
            name + " client " + id + " validation accuracy");
        assertEquals(v.loss(), w.metrics().get(SupervisedClient.VALIDATION_LOSS), name + " client " + id);
      }
    }
  }

  /** A fine-tuning run's E, read from its replies (every selected reply carries it). */
  private static int chosenEpochs(FederationResult r) {
    return r.finalClientMetrics().values().iterator().next().metrics().get(FineTune.EPOCHS_METRIC).intValue();
  }

  @Test
  void fedAvgValidationAccuracyIsTheGlobalModelsOnEachClientsValidationRows() {
    Map<Integer, ClientData> clients = clients();
    FederationResult r = run(new FedAvg(ClientSampler.all()), clients);
    Set<Double> distinct = new java.util.HashSet<>();
    for (Map.Entry<Integer, ClientData> e : clients.entrySet()) {
      Dataset validation = e.getValue().validation();
      Module model = Models.build(SPEC, validation, new Rng(99));
      model.params().assign(r.global());
      Metrics m = Evaluator.evaluate(model, validation, LossFunction.forModel(SPEC, validation));
      EvaluateReply reply = r.finalClientMetrics().get(e.getKey());
      assertEquals(m.get(Metrics.ACCURACY), reply.metrics().get(SupervisedClient.VALIDATION_ACCURACY), 1e-12,
          "client " + e.getKey());
      assertEquals(m.get(Metrics.LOSS), reply.metrics().get(SupervisedClient.VALIDATION_LOSS), 1e-9,
          "client " + e.getKey());
      distinct.add(reply.metrics().get(SupervisedClient.VALIDATION_ACCURACY));
    }
    assertTrue(distinct.size() > 1, "clients differ, so a mix-up of clients would show: " + distinct);
    assertEquals(r.finalClientMetrics().values().stream().mapToDouble(x -> x.metrics().get("val_accuracy")).average()
        .orElseThrow(), r.lastRound().metrics().get("client_mean_val_accuracy"), 1e-12);
  }
}
