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
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.run.Catalog;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.core.train.Checkpoint;
import org.probity.core.train.Checkpoints;

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
  void theBundledDefaultSpecIsValid() throws Exception {
    ExperimentSpec s = RunCommand.load(null, List.of()).spec();
    assertEquals("term-noisy-digits", s.name());
    assertEquals(List.of("erm", "term"), s.variants().stream().map(v -> v.name()).toList());
    assertTrue(s.variants().get(1).objective().t() < 0);
    assertEquals(0.3, s.data().labelNoise().rate());
  }
}
