package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.progress.Progress;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.federated.ClientData;

/**
 * The federated runner's preparation (clients, splits, dropped clients, checks that need the data)
 * and that a run's numbers depend on the seed alone, not on the number of threads.
 */
class FederatedRunnerTest {
  static final String SILOS = String.join("\n",
      "name: silos",
      "data: {source: rotated-patched-digits, options: {silos: 6}}",
      "federated:",
      "  rounds: 2",
      "  strategies: [{kind: fedavg}, {kind: mrmtl}]",
      "");

  static LoadedSpec read(String text, String... sets) {
    return Catalog.reader().read("spec.yaml", text, List.of(sets));
  }

  @Test
  void everySiloIsSplit70To15To15WithEveryRowUsedOnce() {
    FederatedExperimentData c = FederatedRunner.prepare(read(SILOS)).clients();
    assertEquals(List.of(0, 1, 2, 3, 4, 5), List.copyOf(c.clients().keySet()));
    assertEquals(1797, c.trainSize() + c.validationSize() + c.testSize());
    for (Map.Entry<Integer, ClientData> e : c.clients().entrySet()) {
      ClientData d = e.getValue();
      int n = d.train().size() + d.validation().size() + d.test().size();
      assertEquals(Math.round(n * 0.15), d.validation().size(), "silo " + e.getKey());
      assertEquals(Math.round(n * 0.15), d.test().size(), "silo " + e.getKey());
      for (int id : d.train().clients()) {
        assertEquals(e.getKey(), id, "a silo holds only its own rows");
      }
    }
    assertNull(c.centralTest());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void clientsTooSmallForTheirSplitAreDroppedWithAWarning() {
    // 40 clients with Dirichlet(0.05) label proportions on 1,797 digits: some get a handful of rows.
    LoadedSpec loaded = read("data: {source: digits}\nfederated:\n  partition: {kind: dirichlet, clients: 40,"
        + " alpha: 0.05}\n  strategies: [{kind: fedavg}]\n");
    FederatedExperimentData c = FederatedRunner.prepare(loaded).clients();
    assertTrue(c.warnings().stream().anyMatch(w -> w.contains("too few for its own split")), c.warnings().toString());
    for (String w : c.warnings()) {
      assertTrue(w.matches("(client \\d+ has \\d+ rows?, too few for its own split .*; dropped)|(partition .*)"), w);
    }
    assertEquals(40, c.clients().size() + c.warnings().stream().filter(w -> w.endsWith("dropped")).count());
  }

  @Test
  void checksThatNeedTheClientsFailBeforeAnyFolder() {
    SpecException ifca = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(SILOS
        .replace("{kind: mrmtl}", "{kind: ifca, clusters: 7}"))));
    assertEquals("spec.yaml:5:55: federated.strategies[1].clusters: IFCA with 7 clusters needs at least as many"
        + " clients, but the partition gives 6; use at most 6 clusters", ifca.getMessage());
    SpecException natural = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(
        SILOS.replace("rotated-patched-digits, options: {silos: 6}", "iris"))));
    assertTrue(natural.getMessage().startsWith("spec.yaml: federated.partition.kind: natural partition: dataset"
        + " 'iris' has no client-id column"), natural.getMessage());
    SpecException tiny = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(
        SILOS.replace("silos: 6", "silos: 1797"))));
    assertTrue(tiny.getMessage().startsWith("spec.yaml: federated.split: no client of the natural partition"),
        tiny.getMessage());
    assertTrue(tiny.getMessage().endsWith("client 2 has 1 row, too few for its own split (validation 0.15, test 0.15);"
        + " dropped; and 1794 more like these)"), "1,797 dropped clients are summarised: " + tiny.getMessage());
  }

  @Test
  void theNumbersDependOnTheSeedNotOnTheThreads(@TempDir Path dir) throws Exception {
    JsonNode[] summaries = new JsonNode[2];
    for (int t = 1; t <= 2; t++) {
      FederatedRunner runner = new FederatedRunner(Progress.none(), Clock.systemUTC());
      FederatedRunner.Outcome o = runner.run(read(SILOS, "federated.threads=" + t), new RunStore(dir.resolve("r" + t)));
      summaries[t - 1] = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    }
    for (int v = 0; v < 2; v++) {
      JsonNode a = summaries[0].get("variants").get(v);
      JsonNode b = summaries[1].get("variants").get(v);
      assertEquals(a.get("clients"), b.get("clients"));
      assertEquals(a.get("test"), b.get("test"));
      assertEquals(a.get("bytes_up"), b.get("bytes_up"));
    }
  }

  @Test
  void groupedDataGetsPooledWorstGroupFiguresAndEveryStrategyItsAppeal(@TempDir Path dir) throws Exception {
    LoadedSpec loaded = read(String.join("\n",
        "data: {source: rotated-digits, options: {clusters: 3}}",
        "federated:",
        "  partition: {kind: iid, clients: 4}",
        "  rounds: 2",
        "  strategies: [{kind: fedavg}, {kind: local}]",
        ""));
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded,
        new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    JsonNode fedavg = summary.get("variants").get(0);
    JsonNode test = fedavg.get("test");
    JsonNode groups = test.get("groups");
    double n = 0;
    double worst = 1;
    for (int g = 0; g < 3; g++) {
      n += groups.get("count").get(Integer.toString(g)).asDouble();
      worst = Math.min(worst, groups.get("accuracy").get(Integer.toString(g)).asDouble());
    }
    assertEquals(summary.get("data").get("test_size").asDouble(), n, "every test example is in one group");
    assertEquals(worst, test.get("worst_group_accuracy").asDouble(), 1e-12);
    assertTrue(worst <= test.get("accuracy").asDouble() + 1e-12, "the worst group is no better than the mean");
    double minClient = 1;
    for (JsonNode a : fedavg.get("clients")) {
      minClient = Math.min(minClient, a.asDouble());
    }
    assertEquals(minClient, test.get("worst_client_accuracy").asDouble(), 1e-12);
    JsonNode appeal = fedavg.get("appeal");
    assertEquals("local", appeal.get("versus").asText());
    assertEquals(4, appeal.get("clients").asInt());
    assertEquals(appeal.get("appealing").asDouble() / 4, appeal.get("fraction").asDouble(), 1e-12);
    assertTrue(summary.get("variants").get(1).get("appeal").isNull(), "Local has no appeal over itself");
    assertEquals(o.strategies().get(0).appeal(), appeal.get("fraction").asDouble(), 1e-12);
    assertEquals(worst, o.strategies().get(0).worstGroupAccuracy(), 1e-12);
  }

  @Test
  void maxflTrainsTheLocalModelsFirstAndHierarchicalTiltingRuns(@TempDir Path dir) throws Exception {
    LoadedSpec loaded = read(String.join("\n",
        "data: {source: rotated-patched-digits, options: {silos: 4}}",
        "federated:",
        "  rounds: 2",
        "  strategies: [{kind: local}, {kind: maxfl, local_rounds: 1}, {kind: tilted, t: 1, inner_t: -1}]",
        ""));
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded,
        new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    JsonNode maxfl = summary.get("variants").get(1);
    assertEquals("maxfl", maxfl.get("strategy").asText());
    assertEquals(1, maxfl.get("settings").get("local_rounds").asInt());
    assertEquals(4, maxfl.get("appeal").get("clients").asInt());
    JsonNode tilted = summary.get("variants").get(2);
    assertEquals(-1.0, tilted.get("settings").get("inner_t").asDouble());
    for (FederatedRunner.StrategyOutcome s : o.strategies()) {
      // Ten classes: chance is 0.1; two short rounds are enough to leave it well behind.
      assertTrue(s.accuracy().mean() > 0.15, s.name() + " learns: " + s.accuracy().mean());
    }
    // The engine ran the hierarchical form: its clients trained on the tilted risk, which a plain
    // tilted strategy with the same outer tilt does not; the two must differ.
    LoadedSpec plain = read(String.join("\n",
        "data: {source: rotated-patched-digits, options: {silos: 4}}",
        "federated:",
        "  rounds: 2",
        "  strategies: [{kind: tilted, t: 1}]",
        ""));
    FederatedRunner.Outcome p = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(plain,
        new RunStore(dir.resolve("plain")));
    assertTrue(p.strategies().get(0).accuracy().mean() != o.strategies().get(2).accuracy().mean());
  }

  static final String GROUPED = String.join("\n",
      "data: {source: rotated-digits, options: {clusters: 3}}",
      "federated:",
      "  partition: {kind: iid, clients: 4}",
      "  rounds: 2",
      "  strategies: [{kind: fedavg}, {kind: bgl, zeta: 0.0001}]",
      "");

  @Test
  void boundedGroupLossReportsAnUnreachableBoundAsInfeasible(@TempDir Path dir) throws Exception {
    FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(read(GROUPED),
        new RunStore(dir));
    JsonNode summary = Json.MAPPER.readTree(Files.readString(o.run().file(RunFolder.SUMMARY)));
    JsonNode c = summary.get("variants").get(1).get("constraint");
    assertEquals(0.0001, c.get("zeta").asDouble());
    assertEquals(false, c.get("feasible").asBoolean());
    assertTrue(c.get("worst_violation").asDouble() > 0.1, c.toString());
    assertEquals(3, c.get("lambda").size(), "one multiplier per group");
    assertTrue(c.get("message").asText().startsWith("bounded group loss: zeta = 0.0001 is "), c.toString());
    assertTrue(summary.get("variants").get(0).get("constraint") == null, "FedAvg has no constraint");
    assertEquals(c.get("message").asText(), o.strategies().get(1).constraint());
  }

  @Test
  void boundedGroupLossNeedsTheGroupsItNames() {
    SpecException none = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(GROUPED.replace(
        "rotated-digits, options: {clusters: 3}", "digits"))));
    assertTrue(none.getMessage().contains("federated.strategies[1].kind: bounded group loss constrains each group's"
        + " loss, and digits has no group ids"), none.getMessage());
    SpecException absent = assertThrows(SpecException.class, () -> FederatedRunner.prepare(read(GROUPED.replace(
        "zeta: 0.0001}", "zeta: 0.5, groups: [1, 7]}"))));
    assertTrue(absent.getMessage().contains("federated.strategies[1].groups: bounded group loss: groups named in the"
        + " spec but absent from the data: [7]; groups present: [0, 1, 2]"), absent.getMessage());
  }
}
