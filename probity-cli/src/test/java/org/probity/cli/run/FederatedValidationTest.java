package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.progress.Progress;
import org.probity.cli.spec.LoadedSpec;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.train.Checkpoints;
import org.probity.federated.ClientData;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * A federated run's per-client validation accuracies (what a sweep chooses federated trials by)
 * against an independent evaluation of the strategy's checkpointed global model on each client's
 * validation rows, and its test accuracies likewise on the test rows; without a validation split
 * the summary has no "validation" and the outcome none.
 */
class FederatedValidationTest {
  private static final String SPEC = String.join("\n",
      "name: silos",
      "data: {source: rotated-patched-digits, options: {silos: 5}}",
      "federated:",
      "  rounds: 2",
      "  strategies: [{kind: fedavg}]",
      "");

  @Test
  void validationAccuracyIsTheCheckpointedModelsOnEachClientsValidationRows(@TempDir Path dir) throws Exception {
    LoadedSpec loaded = FederatedRunnerTest.read(SPEC);
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded,
        new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    JsonNode fedavg = summary.get("variants").get(0);
    JsonNode validation = fedavg.get("validation");
    assertTrue(validation != null && validation.isObject(), fedavg.toString());
    Params global = Checkpoints.read(o.run().dir().resolve(fedavg.get("checkpoint").asText())).params();
    // The run's clients, prepared again from the same spec and seed.
    Map<Integer, ClientData> clients = FederatedRunner.prepare(loaded).clients().clients();
    ModelSpec model = loaded.spec().model();
    Set<Double> distinct = new HashSet<>();
    double sum = 0;
    for (Map.Entry<Integer, ClientData> e : clients.entrySet()) {
      String id = Integer.toString(e.getKey());
      double val = accuracy(model, global, e.getValue().validation());
      assertEquals(val, validation.get("clients").get(id).asDouble(), 1e-12, "client " + id + " validation");
      assertEquals(accuracy(model, global, e.getValue().test()), fedavg.get("clients").get(id).asDouble(), 1e-12,
          "client " + id + " test: still the same model's");
      distinct.add(val);
      sum += val;
    }
    assertTrue(distinct.size() > 1, "clients differ, so a mix-up would show: " + distinct);
    assertEquals(clients.size(), validation.get("client_accuracy").get("n").asInt());
    assertEquals(sum / clients.size(), validation.get("client_accuracy").get("mean").asDouble(), 1e-12);
    FederatedRunner.StrategyOutcome s = o.strategies().get(0);
    assertEquals(sum / clients.size(), s.validationAccuracy().mean(), 1e-12);
    assertEquals(validation.get("client_accuracy").get("p10").asDouble(), s.validationAccuracy().p10(), 1e-12);
    assertEquals(fedavg.get("test").get("client_mean_accuracy").asDouble(), s.accuracy().mean(), 1e-12);
    // The existing keys stay where they were.
    assertTrue(fedavg.has("client_accuracy") && fedavg.get("test").has("worst_client_accuracy"), fedavg.toString());
  }

  @Test
  void withoutAValidationSplitThereIsNoValidationAccuracy(@TempDir Path dir) throws Exception {
    LoadedSpec loaded = FederatedRunnerTest.read(SPEC, "federated.split.validation=0", "federated.rounds=1");
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded,
        new RunStore(dir));
    JsonNode fedavg = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY))).get("variants").get(0);
    assertFalse(fedavg.has("validation"), fedavg.toString());
    assertNull(o.strategies().get(0).validationAccuracy());
  }

  private static double accuracy(ModelSpec spec, Params params, Dataset data) {
    Module m = Models.build(spec, data, new Rng(7));
    m.params().assign(params);
    return Evaluator.evaluate(m, data, LossFunction.forModel(spec, data)).get(Metrics.ACCURACY);
  }
}
