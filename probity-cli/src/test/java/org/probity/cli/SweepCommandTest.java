package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probity sweep} end to end on a tiny central spec: the table, the folder, resuming and the
 * report; trials are chosen by their validation figure (the one in their summary.json) and the table
 * shows their test figure beside it, a federated trial likewise by its clients' validation accuracy;
 * a sweep without a validation split is refused.
 */
class SweepCommandTest {
  static final String SPEC = String.join("\n",
      "name: tiny",
      "seed: 3",
      "data: {source: digits, validation_fraction: 0.2}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.1}",
      "train: {steps: 20, batch_size: 32, eval_every: 100, checkpoint: false}",
      "sweep:",
      "  params:",
      "    optimizer.lr: [0.01, 0.5]",
      "    train.batch_size: [16, 64]",
      "  parallel: 2",
      "");

  static final ObjectMapper JSON = new ObjectMapper();

  /** Every run folder of every trial: trials/ID/RUN. */
  static List<Path> runFolders(Path sweep) throws IOException {
    try (Stream<Path> s = Files.walk(sweep.resolve("trials"), 2)) {
      return s.filter(p -> sweep.resolve("trials").relativize(p).getNameCount() == 2).toList();
    }
  }

  @Test
  void aSweepRunsEveryTrialOnceAndResumesOnlyTheMissing(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "tiny.yaml", SPEC);
    Path out = dir.resolve("runs");
    Cli c = Cli.run("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, c.code, c.toString());
    Path sweep = out.resolve("tiny-sweep");
    List<String> lines = Files.readAllLines(sweep.resolve("trials.jsonl"));
    assertEquals(4, lines.size(), c.toString());
    assertEquals(4, runFolders(sweep).size());
    Set<String> combos = new HashSet<>();
    String bestByValidation = null;
    double bestValue = -1;
    for (String l : lines) {
      JsonNode o = JSON.readTree(l);
      assertEquals("complete", o.get("status").asText(), l);
      assertTrue(o.get("value").asDouble() > 0.1, l);
      combos.add(o.get("params").get("optimizer.lr").asText() + "/" + o.get("params").get("train.batch_size").asText());
      Path run = sweep.resolve(o.get("run").asText());
      assertTrue(Files.exists(run.resolve("summary.json")), run.toString());
      // The value a trial is chosen by is its validation accuracy; its test accuracy is recorded apart.
      JsonNode variant = JSON.readTree(run.resolve("summary.json").toFile()).get("variants").get(0);
      assertEquals(variant.get("validation").get("accuracy").asDouble(), o.get("value").asDouble(), 1e-12, l);
      assertEquals(variant.get("test").get("accuracy").asDouble(), o.get("test").asDouble(), 1e-12, l);
      if (o.get("value").asDouble() > bestValue) {
        bestValue = o.get("value").asDouble();
        bestByValidation = o.get("id").asText();
      }
      assertTrue(Files.readString(run.resolve("spec.yaml")).contains("batch_size: "
          + o.get("params").get("train.batch_size").asText()), "the trial's resolved spec has its override");
    }
    assertEquals(Set.of("0.01/16", "0.01/64", "0.5/16", "0.5/64"), combos);
    String text = c.out();
    assertTrue(text.contains("metric accuracy on validation (maximize)"), text);
    assertTrue(text.contains("optimizer.lr  train.batch_size  val_accuracy  test_accuracy  status"), text);
    assertTrue(text.contains("* " + bestByValidation), "the best by validation is marked: " + text);
    assertTrue(text.contains("best: val_accuracy " + String.format(java.util.Locale.ROOT, "%.4f", bestValue)
        + ", test_accuracy "), text);
    assertTrue(text.contains("--set optimizer.lr="), text);
    String html = Files.readString(sweep.resolve("report.html"));
    assertEquals(2, SweepSpecCount.count(html, "<figure class=\"sweep-chart\">"));
    assertTrue(html.contains("<th>val_accuracy</th><th>test_accuracy</th>"), html);

    // An interruption after two trials: their lines were never written.
    Files.write(sweep.resolve("trials.jsonl"), lines.subList(0, 2));
    Cli again = Cli.run("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, again.code, again.toString());
    assertTrue(again.out().contains("resuming: 2 trials already complete"), again.out());
    assertTrue(again.out().contains("2 trials run now, 2 reused"), again.out());
    assertEquals(6, runFolders(sweep).size(), "two more runs, not four");
    assertEquals(4, Files.readAllLines(sweep.resolve("trials.jsonl")).size());

    // --resume DIR alone reads the spec from the folder and has nothing left to run.
    Cli resumed = Cli.run("sweep", "--resume", sweep.toString());
    assertEquals(0, resumed.code, resumed.toString());
    assertTrue(resumed.out().contains("0 trials run now, 4 reused"), resumed.out());
    assertEquals(6, runFolders(sweep).size());
  }

  @Test
  void badSweepsExitTwoWithTheLine(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "bad.yaml", SPEC.replace("optimizer.lr: [0.01, 0.5]",
        "optimizer.lr: [0.01, fast]"));
    Cli c = Cli.run("sweep", spec.toString(), "--out", dir.resolve("runs").toString());
    assertEquals(2, c.code, c.toString());
    assertTrue(c.err().contains("bad.yaml:9:5: sweep.params.optimizer.lr"), c.err());
    Cli run = Cli.run("run", RunCommandTest.write(dir, "s.yaml", SPEC).toString(), "--out",
        dir.resolve("runs").toString());
    assertEquals(2, run.code, run.toString());
    assertTrue(run.err().contains("probity sweep"), run.err());
  }

  @Test
  void aCentralSweepWithoutAValidationSplitIsRefusedBeforeAnyTrial(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("runs");
    Path spec = RunCommandTest.write(dir, "noval.yaml", SPEC.replace("data: {source: digits, validation_fraction: 0.2}",
        "data: {source: digits}"));
    Cli c = Cli.run("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, c.code, c.toString());
    assertTrue(c.err().contains("noval.yaml:7:1: sweep.metric: a sweep chooses on a validation split"
        + " (data.validation_fraction is 0); set data.validation_fraction, e.g. 0.15 (choosing on test would report"
        + " an optimistic test score)"), c.err());
    // A swept value of 0 would make that trial choose on test: refused at its line too.
    Path swept = RunCommandTest.write(dir, "swept.yaml", SPEC.replace("    train.batch_size: [16, 64]",
        "    data.validation_fraction: [0.2, 0]"));
    Cli s = Cli.run("sweep", swept.toString(), "--out", out.toString());
    assertEquals(2, s.code, s.toString());
    assertTrue(s.err().contains("swept.yaml:10:5: sweep.metric: a sweep chooses on a validation split (with"
        + " data.validation_fraction=0 the trial has no validation split)"), s.err());
    assertTrue(!Files.exists(out), "no sweep folder for a refused sweep");
  }

  static final String FEDERATED = String.join("\n",
      "name: fed",
      "seed: 3",
      "data: {source: rotated-patched-digits, options: {silos: 4}}",
      "model: {type: softmax}",
      "federated:",
      "  rounds: 1",
      "  strategies: [{kind: fedavg}]",
      "sweep:",
      "  params:",
      "    federated.rounds: [1, 2]",
      "  metric: client_mean_accuracy",
      "");

  @Test
  void aFederatedSweepChoosesOnTheClientsValidationAccuracyAndShowsTestBesideIt(@TempDir Path dir)
      throws Exception {
    Path spec = RunCommandTest.write(dir, "fed.yaml", FEDERATED);
    Cli c = Cli.run("sweep", spec.toString(), "--out", dir.resolve("runs").toString());
    assertEquals(0, c.code, c.toString());
    Path sweep = dir.resolve("runs").resolve("fed-sweep");
    List<String> lines = Files.readAllLines(sweep.resolve("trials.jsonl"));
    assertEquals(2, lines.size(), c.toString());
    for (String l : lines) {
      JsonNode o = JSON.readTree(l);
      assertEquals("complete", o.get("status").asText(), l);
      JsonNode variant = JSON.readTree(sweep.resolve(o.get("run").asText()).resolve("summary.json").toFile())
          .get("variants").get(0);
      assertEquals(variant.get("validation").get("client_accuracy").get("mean").asDouble(), o.get("value").asDouble(),
          1e-12, l);
      assertEquals(variant.get("test").get("client_mean_accuracy").asDouble(), o.get("test").asDouble(), 1e-12, l);
    }
    String text = c.out();
    assertTrue(text.contains("metric client_mean_accuracy on validation (maximize)"), text);
    assertTrue(text.contains("federated.rounds  val_client_mean_accuracy  test_client_mean_accuracy  status"), text);
    assertTrue(text.contains("best: val_client_mean_accuracy "), text);
  }

  @Test
  void aFederatedSweepWithoutValidationSplitsIsRefusedBeforeAnyTrial(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("runs");
    Path spec = RunCommandTest.write(dir, "fednoval.yaml", FEDERATED.replace("  rounds: 1",
        "  rounds: 1\n  split: {validation: 0, test: 0.2}"));
    Cli c = Cli.run("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, c.code, c.toString());
    assertTrue(c.err().contains("fednoval.yaml:12:11: sweep.metric: a sweep chooses on a validation split"
        + " (federated.split.validation is 0); set federated.split.validation, e.g. 0.15 (choosing on test would"
        + " report an optimistic test score)"), c.err());
    Path swept = RunCommandTest.write(dir, "fedswept.yaml", FEDERATED.replace("federated.rounds: [1, 2]",
        "federated.split.validation: [0.15, 0]"));
    Cli s = Cli.run("sweep", swept.toString(), "--out", out.toString());
    assertEquals(2, s.code, s.toString());
    assertTrue(s.err().contains("fedswept.yaml:10:5: sweep.metric: a sweep chooses on a validation split (with"
        + " federated.split.validation=0 the trial has no validation split)"), s.err());
    assertTrue(!Files.exists(out), "no sweep folder for a refused sweep");
    // worst_group_accuracy is pooled over the clients' test rows only, so it needs no validation split.
    org.probity.cli.sweep.SweepFile.parse("fednoval.yaml", Files.readString(spec),
        List.of("sweep.metric=worst_group_accuracy")).sweep(org.probity.cli.run.Catalog.reader());
  }

  /** Occurrences of a string in a page. */
  static final class SweepSpecCount {
    static int count(String s, String what) {
      int n = 0;
      for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
        n++;
      }
      return n;
    }
  }
}
