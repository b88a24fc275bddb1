package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.run.Catalog;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.FederatedSection;
import org.probity.cli.spec.StrategySection;
import org.probity.core.train.Checkpoint;
import org.probity.core.train.Checkpoints;
import org.probity.federated.metrics.HurtFraction;

/**
 * {@code probity run}, {@code runs list} and {@code report} end to end on a tiny spec: every file
 * of the run-folder format with valid content, the same numbers from the same seed, failures
 * recorded in the folder, and bad input refused with one line and exit 2 before any folder exists.
 */
class RunCommandTest {
  static final String TINY = String.join("\n",
      "name: tiny",
      "seed: 3",
      "data: {source: digits, label_noise: {kind: uniform, rate: 0.2}}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.1}",
      "train: {steps: 30, batch_size: 32, eval_every: 10, log_every: 5}",
      "variants:",
      "  - name: erm",
      "  - name: term",
      "    objective: {kind: tilted, t: -1}",
      "");

  static final ObjectMapper JSON = new ObjectMapper();

  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static Path onlyRun(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      List<Path> all = s.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  @Test
  void aRunWritesEveryFileOfTheRunFolder(@TempDir Path dir) throws Exception {
    Path spec = write(dir, "tiny.yaml", TINY);
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(0, c.code, c.toString());
    Path run = onlyRun(runs);
    assertTrue(run.getFileName().toString().matches("\\d{8}-\\d{6}-tiny"), run.toString());
    assertFalse(Files.exists(run.resolve("INCOMPLETE")), "removed at the end");

    // spec.yaml: the resolved spec, which reads back into the same experiment
    ExperimentSpec resolved = Catalog.reader().read("spec.yaml", Files.readString(run.resolve("spec.yaml")),
        List.of()).spec();
    ExperimentSpec original = Catalog.reader().read("tiny.yaml", TINY, List.of()).spec();
    assertEquals(original, resolved);

    JsonNode provenance = JSON.readTree(run.resolve("provenance.json").toFile());
    assertEquals(3, provenance.get("seed").asLong());
    assertEquals("digits", provenance.get("datasets").get("train").get("name").asText());
    assertEquals(64, provenance.get("specHash").asText().length());

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    int trainLines = 0;
    int evalLines = 0;
    for (String line : lines) {
      JsonNode o = JSON.readTree(line);
      assertTrue(List.of("erm", "term").contains(o.get("variant").asText()), line);
      assertTrue(o.get("step").asInt() >= 1 && o.get("epoch").asInt() >= 1, line);
      if (o.get("split").asText().equals("train")) {
        trainLines++;
        assertTrue(o.get("loss").isNumber() && o.get("objective").isNumber(), line);
      } else {
        assertEquals("eval", o.get("split").asText(), line);
        evalLines++;
        assertTrue(o.get("accuracy").asDouble() > 0.3, line);
      }
    }
    assertEquals(2 * 6, trainLines, "a train line every 5 of 30 steps per variant");
    assertEquals(2 * 3, evalLines, "an eval line every 10 of 30 steps per variant");

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("complete", summary.get("status").asText());
    assertEquals(run.getFileName().toString(), summary.get("run_id").asText());
    assertEquals("tiny", summary.get("name").asText());
    assertEquals("classification", summary.get("task").asText());
    assertEquals(3, summary.get("seed").asLong());
    assertFalse(summary.has("error"));
    JsonNode variants = summary.get("variants");
    assertEquals(2, variants.size());
    assertEquals("tilted(t=-1)", variants.get(1).get("objective").asText());
    for (JsonNode v : variants) {
      assertEquals(30, v.get("steps").asInt());
      double acc = v.get("test").get("accuracy").asDouble();
      assertTrue(acc > 0.3 && acc <= 1, v.toString());
      Path ckpt = run.resolve(v.get("checkpoint").asText());
      Checkpoint read = Checkpoints.read(ckpt);
      assertEquals(30, read.step());
      assertNotNull(read.provenance(), "the checkpoint carries provenance");
      assertEquals(v.get("name").asText(), read.metadata().get("variant"));
    }
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("<html") && html.contains("tiny"), "a report was rendered");
    try (Stream<Path> s = Files.walk(run)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }

    String out = c.out();
    assertTrue(out.contains("run " + run.getFileName() + " complete in"), out);
    assertTrue(out.matches("(?s).*variant\\s+objective\\s+steps\\s+test accuracy\\s+test loss.*"), out);
    assertTrue(out.matches("(?s).*\\nterm\\s+tilted\\(t=-1\\)\\s+30\\s+0\\.\\d{4}.*"), out);
    assertTrue(out.contains("report: " + run.resolve("report.html")), out);

    // runs list sees it; report re-renders it
    Cli list = Cli.run("runs", "list", "--out", runs.toString());
    assertEquals(0, list.code, list.toString());
    assertTrue(list.out().matches("(?s).*" + run.getFileName() + "\\s+tiny\\s+complete\\s+.*erm accuracy 0\\.\\d{4},"
        + " term accuracy 0\\.\\d{4}.*"), list.out());
    Files.delete(run.resolve("report.html"));
    Cli report = Cli.run("report", run.toString());
    assertEquals(0, report.code, report.toString());
    assertTrue(Files.exists(run.resolve("report.html")));
  }

  @Test
  @Tag("slow")
  void theSameSpecAndSeedGiveTheSameNumbers(@TempDir Path dir) throws Exception {
    Path spec = write(dir, "tiny.yaml", TINY);
    JsonNode[] summaries = new JsonNode[2];
    for (int i = 0; i < 2; i++) {
      Cli c = Cli.run("run", spec.toString(), "--out", dir.resolve("runs" + i).toString());
      assertEquals(0, c.code, c.toString());
      summaries[i] = JSON.readTree(onlyRun(dir.resolve("runs" + i)).resolve("summary.json").toFile());
    }
    for (int v = 0; v < 2; v++) {
      assertEquals(summaries[0].get("variants").get(v).get("test"), summaries[1].get("variants").get(v).get("test"));
      assertEquals(summaries[0].get("variants").get(v).get("train"), summaries[1].get("variants").get(v).get("train"));
    }
  }

  @Test
  void seedAndSetChangeTheResolvedSpec(@TempDir Path dir) throws Exception {
    Path spec = write(dir, "tiny.yaml", TINY);
    Cli c = Cli.run("run", spec.toString(), "--out", dir.resolve("runs").toString(), "--seed", "11",
        "--set", "train.steps=12", "--set", "variants.term.objective.t=-0.5");
    assertEquals(0, c.code, c.toString());
    ExperimentSpec s = Catalog.reader().read("spec.yaml",
        Files.readString(onlyRun(dir.resolve("runs")).resolve("spec.yaml")), List.of()).spec();
    assertEquals(11, s.seed());
    assertEquals(12, s.variants().get(0).train().steps());
    assertEquals(-0.5, s.variants().get(1).objective().t());
  }

  @Test
  void aDivergingRunIsRecordedAsFailedAndExitsOne(@TempDir Path dir) throws Exception {
    // Linear regression with a learning rate far beyond 2 / (largest curvature) blows up in a few steps.
    Path spec = write(dir, "boom.yaml", String.join("\n",
        "data: {source: corrupted-regression, options: {num_train: 200, num_test: 50}}",
        "model: {type: linear}",
        "optimizer: {name: sgd, lr: 100}",
        "train: {steps: 200, batch_size: 32}",
        "variants: [{name: erm}, {name: term, objective: {kind: tilted, t: -2}}]", ""));
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(1, c.code, c.toString());
    assertEquals(1, c.errLines().stream().filter(l -> l.startsWith("probity run: error:")).count(), c.toString());
    assertTrue(c.err().contains("variant erm: training diverged"), c.err());
    Path run = onlyRun(runs);
    assertFalse(Files.exists(run.resolve("INCOMPLETE")), "a failed run has ended");
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("failed", summary.get("status").asText());
    assertTrue(summary.get("error").asText().startsWith("variant erm: training diverged"), summary.toString());
    Cli list = Cli.run("runs", "--out", runs.toString());
    assertTrue(list.out().matches("(?s).*\\s+boom\\s+failed\\s+.*error: variant erm: training diverged.*"), list.out());
  }

  @Test
  void badInputExitsTwoWithOneLineAndCreatesNoRun(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    String[][] cases = {
        {"run", write(dir, "typo.yaml", "train:\n  batchsize: 4\n").toString()},
        {"run", write(dir, "type.yaml", "train:\n  epochs: ten\n").toString()},
        {"run", write(dir, "nan.yaml", "objective: {kind: tilted, t: .nan}\n").toString()},
        {"run", write(dir, "ok.yaml", TINY).toString(), "--set", "train.batchsize=3"},
        {"run", dir.resolve("ok.yaml").toString(), "--set", "train.batch_size=100000"},
        {"run", dir.resolve("missing.yaml").toString()},
        {"run", dir.resolve("ok.yaml").toString(), "--seed", "x"},
        {"run", write(dir, "mnist.yaml", "data: {source: mnist}\n").toString(), "--set", "data.test_fraction=0.5"},
    };
    String[] expected = {
        "probity run: " + dir.resolve("typo.yaml") + ":2:3: unknown key 'train.batchsize'; did you mean 'batch_size'?",
        "probity run: " + dir.resolve("type.yaml") + ":2:11: train.epochs: expected a positive integer, got 'ten'",
        "objective.t: expected a finite number, got .nan",
        "probity run: --set train.batchsize=3: unknown key 'train.batchsize'; did you mean 'batch_size'?",
        "variants[0].train.batch_size: batch size 100000 is larger than the ",
        "does not exist",
        "--seed",
        "./probity data fetch mnist",
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new java.util.ArrayList<>(List.of(cases[i]));
      args.add("--out");
      args.add(runs.toString());
      Cli c = Cli.run(args.toArray(new String[0]));
      assertEquals(2, c.code, c.toString());
      assertEquals(1, c.errLines().size(), c.toString());
      assertTrue(c.err().contains(expected[i]), c.err());
      assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "no run folder for bad input");
    }
  }

  @Test
  void reportAndRunsRefuseWhatIsNotARun(@TempDir Path dir) throws Exception {
    Cli missing = Cli.run("report", dir.resolve("nope").toString());
    assertEquals(2, missing.code, missing.toString());
    assertTrue(missing.err().startsWith("probity report: run folder "), missing.err());
    Cli notRun = Cli.run("report", dir.toString());
    assertEquals(2, notRun.code, notRun.toString());
    assertTrue(notRun.err().contains("is not a run folder"), notRun.err());
    Cli empty = Cli.run("runs", "list", "--out", dir.resolve("none").toString());
    assertEquals(0, empty.code, empty.toString());
    assertTrue(empty.out().startsWith("no runs in "), empty.out());
  }

  @Test
  void theBundledDefaultSpecIsTheCrossSiloComparison() throws Exception {
    ExperimentSpec s = RunCommand.load(null, List.of()).spec();
    assertEquals("cross-silo-digits", s.name());
    assertEquals("rotated-patched-digits", s.data().source());
    assertEquals(12, ((Number) s.data().options().get("silos")).intValue());
    assertEquals(new FederatedSection.Split(0.15, 0.15), s.federated().split());
    assertEquals(List.of("local", "fedavg", "finetune", "ditto", "mrmtl"),
        s.federated().strategies().stream().map(StrategySection::name).toList());
    assertEquals(List.of(0, 1, 2, 5, 10), s.federated().strategies().get(2).list("epochs"));
    assertEquals(0.1, s.federated().strategies().get(3).number("lambda"));
    assertEquals(0.1, s.federated().strategies().get(4).number("lambda"));
  }

  // ---- federated runs

  static final String FL_TINY = String.join("\n",
      "name: fl-tiny",
      "seed: 2",
      "data: {source: rotated-patched-digits, options: {silos: 4}}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.1}",
      "federated:",
      "  central_test: 0.2",
      "  rounds: 3",
      "  threads: 2",
      "  strategies:",
      "    - {name: local, kind: local}",
      "    - {name: fedavg, kind: fedavg}",
      "    - {name: ft, kind: finetune, epochs: [0, 1]}",
      "    - {name: ditto, kind: ditto}",
      "    - {name: ifca, kind: ifca, clusters: 2, warm_rounds: 1}",
      "");

  static final List<String> FL_NAMES = List.of("local", "fedavg", "ft", "ditto", "ifca");

  @Test
  void aFederatedRunWritesItsFolderAndPrintsTheClientTable(@TempDir Path dir) throws Exception {
    Path spec = write(dir, "fl.yaml", FL_TINY);
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(0, c.code, c.toString());
    Path run = onlyRun(runs);
    assertFalse(Files.exists(run.resolve("INCOMPLETE")), "removed at the end");
    assertTrue(run.getFileName().toString().endsWith("-fl-tiny"), run.toString());

    // spec.yaml reads back into the same experiment and reruns it
    ExperimentSpec resolved = Catalog.reader().read("spec.yaml", Files.readString(run.resolve("spec.yaml")),
        List.of()).spec();
    assertEquals(Catalog.reader().read("fl.yaml", FL_TINY, List.of()).spec(), resolved);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("complete", summary.get("status").asText());
    assertEquals("federated", summary.get("kind").asText());
    assertEquals("classification", summary.get("task").asText());
    assertEquals(2, summary.get("seed").asLong());
    JsonNode data = summary.get("data");
    assertEquals(4, data.get("clients").asInt());
    assertEquals("natural", data.get("partition").asText());
    int central = data.get("central_test_size").asInt();
    assertEquals(Math.round(1797 * 0.2), central, 12, "a stratified fifth of the 1,797 digits");
    assertEquals(1797, central + data.get("train_size").asInt() + data.get("validation_size").asInt()
        + data.get("test_size").asInt(), "every row is somewhere");
    assertEquals(3, summary.get("federated").get("rounds").asInt());
    assertEquals("all", summary.get("federated").get("clients_per_round").asText());
    assertEquals(0, summary.get("warnings").size());

    JsonNode variants = summary.get("variants");
    assertEquals(FL_NAMES, names(variants));
    Map<String, Map<Integer, Double>> clients = new java.util.HashMap<>();
    for (JsonNode v : variants) {
      String name = v.get("name").asText();
      Map<Integer, Double> acc = new java.util.TreeMap<>();
      v.get("clients").fields().forEachRemaining(e -> acc.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
      assertEquals(Set.of(0, 1, 2, 3), acc.keySet(), name);
      clients.put(name, acc);
      // the distribution, computed here independently from the per-client values
      double[] x = acc.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double mean = java.util.Arrays.stream(x).average().orElseThrow();
      double var = java.util.Arrays.stream(x).map(a -> (a - mean) * (a - mean)).sum() / x.length;
      JsonNode dist = v.get("client_accuracy");
      assertEquals(4, dist.get("n").asInt());
      assertEquals(mean, dist.get("mean").asDouble(), 1e-12, name);
      assertEquals(Math.sqrt(var), dist.get("std").asDouble(), 1e-12, name);
      assertEquals(x[0], dist.get("worst10").asDouble(), 1e-12, "the worst 10% of 4 clients is the worst one");
      assertEquals(x[0], dist.get("min").asDouble(), 1e-12);
      assertEquals(mean, v.get("test").get("client_mean_accuracy").asDouble(), 1e-12);
      assertTrue(v.get("test").get("accuracy").asDouble() > 0.2, v.toString());
      assertEquals(3, v.get("rounds").asInt());
      boolean sends = !name.equals("local");
      assertEquals(sends, v.get("bytes_down").asLong() > 0 && v.get("bytes_up").asLong() > 0, v.toString());
      if (!sends) {
        assertEquals(0, v.get("bytes_down").asLong() + v.get("bytes_up").asLong(), "local training sends nothing");
      }
      boolean global = !name.equals("local") && !name.equals("ifca");
      assertEquals(global, v.has("checkpoint"), name);
      assertEquals(global, v.has("central"), name + ": central evaluation only for one global model");
      if (global) {
        Checkpoint ck = Checkpoints.read(run.resolve(v.get("checkpoint").asText()));
        assertEquals(3, ck.step());
        assertEquals(name, ck.metadata().get("variant"));
        assertTrue(v.get("central").get("accuracy").asDouble() > 0.1, v.toString());
      }
    }
    JsonNode ft = variants.get(2);
    assertTrue(Set.of(0, 1).contains(ft.get("chosen").get("finetune_epochs").asInt()), ft.toString());
    assertEquals(List.of(0, 1), JSON.convertValue(ft.get("settings").get("epochs"), List.class));
    assertEquals(2, variants.get(4).get("settings").get("clusters").asInt());
    // hurt fractions: as HurtFraction computes them from the summary's per-client values, and by hand
    for (JsonNode v : variants) {
      String name = v.get("name").asText();
      for (String base : List.of("fedavg", "local")) {
        JsonNode h = v.get("hurt_vs_" + base);
        if (name.equals(base)) {
          assertTrue(h.isNull(), name + " against itself");
          continue;
        }
        Map<Integer, Double> me = clients.get(name);
        Map<Integer, Double> them = clients.get(base);
        assertEquals(HurtFraction.of(me, them).fraction(), h.asDouble(), 1e-12, name + " vs " + base);
        long worse = me.keySet().stream().filter(id -> me.get(id) < them.get(id)).count();
        assertEquals(worse / 4.0, h.asDouble(), 1e-12, name + " vs " + base);
      }
    }

    // metrics.jsonl: one line per strategy and round, in order
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(5 * 3, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode o = JSON.readTree(lines.get(i));
      String name = FL_NAMES.get(i / 3);
      int round = i % 3 + 1;
      assertEquals(name, o.get("variant").asText());
      assertEquals("round", o.get("split").asText());
      assertEquals(round, o.get("round").asInt());
      assertEquals(round, o.get("step").asInt());
      for (String k : List.of("accuracy", "loss", "client_mean_accuracy", "client_mean_loss", "seconds")) {
        assertTrue(o.get(k).isNumber(), k + " in " + o);
      }
      assertEquals(4, o.get("sampled").asInt());
      assertEquals(4, o.get("arrived").asInt());
      assertEquals(0, o.get("dropped").asInt() + o.get("failed").asInt() + o.get("rejected").asInt());
      assertEquals(!name.equals("local"), o.get("bytes_down").asLong() > 0, o.toString());
      boolean global = !name.equals("local") && !name.equals("ifca");
      assertEquals(global, o.has("central_accuracy"), o.toString());
    }
    assertEquals(variants.get(1).get("test").get("accuracy").asDouble(),
        JSON.readTree(lines.get(5)).get("accuracy").asDouble(), 1e-12, "the summary is the last round's");
    assertTrue(Files.readString(run.resolve("report.html")).contains("<html"), "a report was rendered");

    // the printed table agrees with the summary
    String out = c.out();
    assertTrue(out.contains("4 clients with "), out);
    assertTrue(out.matches("(?s).*\\nstrategy\\s+kind\\s+mean acc\\s+worst client\\s+worst 10%\\s+std\\s+appeal"
        + "\\s+hurt vs fedavg\\s+hurt vs local\\s+MB up\\+down\\s+seconds\\n.*"), out);
    for (JsonNode v : variants) {
      String name = v.get("name").asText();
      String row = out.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(
          "no row for " + name + " in\n" + out));
      String[] cells = row.trim().split("\\s+");
      assertEquals(v.get("strategy").asText(), cells[1], row);
      assertEquals(String.format(Locale.ROOT, "%.4f", v.get("client_accuracy").get("mean").asDouble()), cells[2], row);
      assertEquals(String.format(Locale.ROOT, "%.4f", v.get("test").get("worst_client_accuracy").asDouble()),
          cells[3], row);
      assertEquals(String.format(Locale.ROOT, "%.4f", v.get("client_accuracy").get("worst10").asDouble()), cells[4],
          row);
      assertEquals(v.get("appeal").isNull() ? "-" : String.format(Locale.ROOT, "%.4f",
          v.get("appeal").get("fraction").asDouble()), cells[6], row);
      assertEquals(v.get("hurt_vs_fedavg").isNull() ? "-" : String.format(Locale.ROOT, "%.4f",
          v.get("hurt_vs_fedavg").asDouble()), cells[7], row);
      assertEquals(String.format(Locale.ROOT, "%.2f", (v.get("bytes_up").asLong() + v.get("bytes_down").asLong()) / 1e6),
          cells[9], row);
    }
    assertTrue(out.contains("report: " + run.resolve("report.html")), out);

    Cli list = Cli.run("runs", "list", "--out", runs.toString());
    assertEquals(0, list.code, list.toString());
    assertTrue(list.out().matches("(?s).*fl-tiny\\s+complete\\s+.*fedavg accuracy 0\\.\\d{4}.*"), list.out());
  }

  @Test
  void aFederatedRoundThatLosesEveryClientIsRecordedAsFailed(@TempDir Path dir) throws Exception {
    // A learning rate beyond float32 makes every update infinite: every reply is NaN and rejected.
    Path spec = write(dir, "boom.yaml", FL_TINY.replace("lr: 0.1", "lr: 1.0e39")
        .replace("    - {name: local, kind: local}\n", ""));
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(1, c.code, c.toString());
    assertTrue(c.err().contains("strategy fedavg: round 1: all 4 sampled clients failed"), c.err());
    Path run = onlyRun(runs);
    assertFalse(Files.exists(run.resolve("INCOMPLETE")), "a failed run has ended");
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("failed", summary.get("status").asText());
    assertEquals("federated", summary.get("kind").asText());
    assertTrue(summary.get("error").asText().startsWith("strategy fedavg: round 1: all 4 sampled clients failed"),
        summary.toString());
    assertEquals(0, summary.get("variants").size());
  }

  @Test
  void federatedBadInputExitsTwoBeforeAnyFolder(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    String[][] cases = {
        {write(dir, "ifca.yaml", FL_TINY.replace("clusters: 2", "clusters: 5")).toString()},
        {write(dir, "kind.yaml", FL_TINY.replace("kind: fedavg}", "kind: fedavgg}")).toString()},
        {write(dir, "grid.yaml", FL_TINY + "  split: {validation: 0, test: 0.2}\n").toString()},
        {dir.resolve("kind.yaml").toString(), "--set", "federated.rounds=0"},
        {dir.resolve("ifca.yaml").toString(), "--set", "federated.strategies.ditto.lamda=1"},
    };
    String[] expected = {
        "ifca.yaml:15:42: federated.strategies[4].clusters: IFCA with 5 clusters needs at least as many clients, but"
            + " the partition gives 4; use at most 4 clusters",
        "kind.yaml:12:28: federated.strategies[1].kind: unknown strategy kind 'fedavgg'; did you mean 'fedavg'?",
        "federated.strategies[2].epochs: a grid of fine-tuning epochs is chosen on the clients' validation splits",
        "--set federated.rounds=0: federated.rounds: expected a positive integer, got 0",
        "--set federated.strategies.ditto.lamda=1: unknown key 'federated.strategies[3].lamda'; did you mean"
            + " 'lambda'? (kind ditto takes: name, kind, lambda)",
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new java.util.ArrayList<>(List.of("run"));
      args.addAll(List.of(cases[i]));
      args.add("--out");
      args.add(runs.toString());
      Cli c = Cli.run(args.toArray(new String[0]));
      assertEquals(2, c.code, c.toString());
      assertEquals(1, c.errLines().size(), c.toString());
      assertTrue(c.err().contains(expected[i]), c.err());
      assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "no run folder for bad input");
    }
  }

  private static List<String> names(JsonNode variants) {
    List<String> out = new java.util.ArrayList<>();
    variants.forEach(v -> out.add(v.get("name").asText()));
    return out;
  }
}
