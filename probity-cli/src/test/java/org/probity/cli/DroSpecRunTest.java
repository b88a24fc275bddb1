package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probity run} with the distributionally robust objectives on the spurious-groups generator:
 * every kind trains to finite worst-group metrics, shown in the printed table, summary.json and the
 * report; group-dro on data without groups and bitrate-dro on regression data are refused as bad
 * input before any run folder exists.
 */
class DroSpecRunTest {
  static final String TINY = String.join("\n",
      "name: tiny-dro",
      "seed: 5",
      "data: {source: spurious-groups, options: {train_size: 400, test_size: 400}}",
      "model: {type: logistic}",
      "optimizer: {name: adam, lr: 0.01}",
      "train: {steps: 40, batch_size: 50, eval_every: 20, log_every: 10, checkpoint: false}",
      "variants:",
      "  - name: erm",
      "  - name: cvar",
      "    objective: {kind: cvar-dro}",
      "  - name: group",
      "    objective: {kind: group-dro, step: 0.1}",
      "  - name: br",
      "    objective: {kind: bitrate-dro, gamma: 1}",
      "");

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachDroKindTrainsToFiniteWorstGroupMetrics(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "tiny-dro.yaml", TINY);
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(0, c.code, c.toString());
    Path run = RunCommandTest.onlyRun(runs);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("complete", summary.get("status").asText());
    assertEquals(4, summary.get("data").get("groups").asInt(), "groups = 2y + s");
    assertEquals(400, summary.get("data").get("train_size").asInt());
    assertEquals(400, summary.get("data").get("test_size").asInt(), "the generator's own balanced test split");
    List<String> labels = List.of("erm", "cvar-dro(alpha=0.2)", "group-dro(step=0.1)",
        "bitrate-dro(alpha=0.2, gamma=1)");
    JsonNode variants = summary.get("variants");
    assertEquals(4, variants.size());
    for (int i = 0; i < 4; i++) {
      JsonNode v = variants.get(i);
      assertEquals(labels.get(i), v.get("objective").asText());
      assertEquals(40, v.get("steps").asInt());
      JsonNode test = v.get("test");
      double worst = test.get("worst_group_accuracy").asDouble();
      double acc = test.get("accuracy").asDouble();
      double worstLoss = test.get("worst_group_loss").asDouble();
      assertTrue(worst >= 0 && worst <= acc + 1e-9, v.toString());
      assertTrue(acc > 0.5 && acc <= 1, "better than chance on a balanced test set: " + v);
      assertTrue(Double.isFinite(worstLoss) && worstLoss >= test.get("loss").asDouble() - 1e-6, v.toString());
    }

    String out = c.out();
    assertTrue(out.matches("(?s).*variant\\s+objective\\s+steps\\s+test accuracy\\s+test worst group accuracy.*"),
        out);
    assertTrue(out.matches("(?s).*\\nbr\\s+bitrate-dro\\(alpha=0\\.2, gamma=1\\)\\s+40\\s+0\\.\\d{4}\\s+0\\.\\d{4}.*"),
        out);
    assertTrue(out.matches("(?s).*\\ngroup\\s+group-dro\\(step=0\\.1\\)\\s+40\\s+0\\.\\d{4}\\s+0\\.\\d{4}.*"), out);
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("Worst-group accuracy") && html.contains("cvar-dro(alpha=0.2)"), "the report shows it");
  }

  @Test
  void groupObjectivesOnDataWithoutGroupsFailBeforeAnyRunFolder(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    Path digits = RunCommandTest.write(dir, "digits.yaml", "data: {source: digits}\nobjective: {kind: group-dro}\n");
    Path regression = RunCommandTest.write(dir, "reg.yaml", "data: {source: corrupted-regression, options:"
        + " {num_train: 200, num_test: 50}}\nmodel: {type: linear}\nobjective: {kind: bitrate-dro}\n");
    String[] expected = {
        "probity run: " + digits + ":2:19: objective.kind: group-dro needs data with group ids, and digits has none"
            + " (generators with groups: minority-mixture, rotated-digits, patched-digits, corrupted-regression,"
            + " spurious-groups)",
        "probity run: " + regression + ":3:19: objective.kind: bitrate-dro's adversary is conditioned on the class"
            + " label, and corrupted-regression is a regression dataset (use cvar-dro, which needs no labels)"};
    Path[] specs = {digits, regression};
    for (int i = 0; i < specs.length; i++) {
      Cli c = Cli.run("run", specs[i].toString(), "--out", runs.toString());
      assertEquals(2, c.code, c.toString());
      assertEquals(List.of(expected[i]), c.errLines(), c.toString());
      assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "no run folder for bad input");
    }
  }
}
