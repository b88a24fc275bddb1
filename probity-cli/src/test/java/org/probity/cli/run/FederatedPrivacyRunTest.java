package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.progress.Progress;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.privacy.accountant.NoiseCalibration;

/**
 * Private federated runs: per-silo ε in summary.json matches the accountant, round lines carry ε,
 * provenance holds the accountant's parameters, client-level DP-FedAvg reports its guarantee, and
 * strategies that cannot be private at a level fail at their spec path before any folder exists.
 */
class FederatedPrivacyRunTest {
  static final String SILOS = String.join("\n",
      "name: private-silos",
      "data: {source: rotated-patched-digits, options: {silos: 4}}",
      "optimizer: {name: sgd, lr: 0.1}",
      "federated:",
      "  rounds: 3",
      "  batch_size: 32",
      "  threads: 2",
      "  strategies: [{kind: fedavg}, {kind: mrmtl, lambda: 0.1}, {kind: ditto}]",
      "  privacy: {level: sample, epsilon: 1, clip: 1.0}",
      "");

  static LoadedSpec read(String text, String... sets) {
    return Catalog.reader().read("spec.yaml", text, List.of(sets));
  }

  @Test
  void sampleLevelRunReportsEachSilosBudget(@TempDir Path dir) throws Exception {
    FederatedRunner runner = new FederatedRunner(Progress.none(), Clock.systemUTC());
    FederatedRunner.Outcome o = runner.run(read(SILOS), new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    for (JsonNode v : summary.get("variants")) {
      JsonNode p = v.get("privacy");
      assertEquals("sample", p.get("level").asText());
      assertEquals("rdp", p.get("accountant").asText());
      assertEquals(1e-5, p.get("delta").asDouble());
      assertEquals("poisson", p.get("batching").asText());
      double max = 0;
      for (JsonNode silo : p.get("silos")) {
        double q = silo.get("sample_rate").asDouble();
        long steps = silo.get("steps").asLong();
        int n = silo.get("train_size").asInt();
        int trainings = v.get("strategy").asText().equals("ditto") ? 2 : 1;
        assertEquals(3L * trainings * ((n + 31) / 32), steps, v.get("name") + " steps");
        assertEquals(32.0 / n, q, 1e-15);
        double eps = silo.get("epsilon").asDouble();
        assertEquals(NoiseCalibration.epsilon(silo.get("noise").asDouble(), q, steps, 1e-5), eps, 1e-12);
        assertTrue(eps <= 1 && eps > 0.999, "ε " + eps);
        max = Math.max(max, eps);
      }
      assertEquals(4, p.get("silos").size());
      assertEquals(max, p.get("epsilon").asDouble(), 0);
      assertTrue(p.get("guarantee").asText().startsWith("(ε=1.00, δ=1e-5)-DP for each example of silo "),
          p.get("guarantee").asText());
    }
    List<String> lines = Files.readAllLines(o.run().file(RunFolder.METRICS));
    long rounds = lines.stream().filter(l -> l.contains("\"split\":\"round\"")).count();
    assertEquals(9, rounds);
    for (String l : lines) {
      if (l.contains("\"split\":\"round\"")) {
        assertTrue(l.contains("\"epsilon\":"), l);
      }
    }
    JsonNode prov = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.PROVENANCE)));
    assertEquals("sample", prov.get("privacy").get("mrmtl").get("level").asText(), prov.toString());
    assertEquals(3, o.privacy().size());
    assertTrue(o.privacy().get(0).guarantee().contains("subsampled Gaussian steps"));
  }

  @Test
  void clientLevelRunAccountsOverRounds(@TempDir Path dir) throws Exception {
    LoadedSpec loaded = read(SILOS.replace("privacy: {level: sample, epsilon: 1, clip: 1.0}",
        "privacy: {level: client, noise: 1.2, clip: 0.5}\n  clients_per_round: {poisson: 0.5}"));
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded,
        new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    JsonNode p = summary.get("variants").get(0).get("privacy");
    assertEquals("client", p.get("level").asText());
    assertEquals(3, p.get("rounds").asInt());
    assertEquals(0.5, p.get("sample_rate").asDouble());
    assertEquals(2.0, p.get("expected_cohort").asDouble());
    assertEquals(NoiseCalibration.epsilon(1.2, 0.5, 3, 1e-5), p.get("epsilon").asDouble(), 1e-12);
    assertTrue(p.get("guarantee").asText().contains("for each client's whole data, by RDP accounting of 3"
        + " subsampled Gaussian rounds, q=0.5, σ=1.2"), p.get("guarantee").asText());
  }

  @Test
  void whatCannotBePrivateFailsAtItsPath() {
    SpecException qffl = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: qffl}"))));
    assertTrue(qffl.getMessage().contains("federated.strategies[2].kind: q-FFL"), qffl.getMessage());
    SpecException tilted = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: tilted}"))));
    assertTrue(tilted.getMessage().contains("federated.strategies[2].kind: client tilting weighs clients by their"
        + " clean train losses"), tilted.getMessage());
    SpecException maxfl = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: maxfl}"))));
    assertTrue(maxfl.getMessage().contains("federated.strategies[2].kind: MaxFL weighs clients by their"
        + " clean train losses"), maxfl.getMessage());
    SpecException clientMaxfl = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: maxfl}").replace("level: sample, epsilon: 1", "level: client, epsilon: 1"))));
    assertTrue(clientMaxfl.getMessage().contains("federated.strategies[2].kind: client-level DP-FedAvg"),
        clientMaxfl.getMessage());
    SpecException local = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: local}").replace("level: sample, epsilon: 1", "level: client, epsilon: 1"))));
    assertTrue(local.getMessage().contains("federated.strategies[2].kind: client-level DP-FedAvg"), local.getMessage());
    SpecException unreachable = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS.replace(
        "{kind: ditto}", "{kind: ifca, clusters: 2, warm_rounds: 1}").replace("clip: 1.0", "clip: 1.0,"
        + " selection_epsilon: 30"))));
    assertTrue(unreachable.getMessage().contains("federated.privacy.epsilon: client "), unreachable.getMessage());
  }
}
