package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.train.Checkpoints;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.RdpAccountant;

/**
 * A private central run end to end through {@code probity run}: an ERM baseline and three DP-SGD
 * variants (σ given, σ calibrated to a target ε, and an ε budget that stops training early) on
 * digits. Every ε the run reports is checked against a fresh {@link RdpAccountant} for the steps
 * it took, the budget's stop against {@link NoiseCalibration#maxSteps}, and the folder against
 * the format: eval lines with ε, the "privacy" object of summary.json, the accountant's parameters
 * in provenance.json, the checkpoint of the stopped variant, the guarantee printed after the table
 * and, in the report, the sentence and the ε chart.
 */
class PrivateRunTest {
  static final String SPEC = String.join("\n",
      "name: dp-tiny",
      "seed: 3",
      "data: {source: digits}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.5}",
      "train: {steps: 40, batch_size: 64, eval_every: 10, log_every: 10}",
      "privacy: {clip: 1.0, noise: 1.0}",
      "variants:",
      "  - name: erm",
      "    privacy: false",
      "  - name: dp",
      "  - name: dp-eps",
      "    privacy: {epsilon: 2}",
      "  - name: dp-budget",
      "    privacy: {budget: 1, delta: 0.001}",
      "");

  static final ObjectMapper JSON = new ObjectMapper();

  static double epsilon(double sigma, double q, long steps, double delta) {
    RdpAccountant a = new RdpAccountant();
    a.step(sigma, q, steps);
    return a.spent(delta).epsilon();
  }

  @Test
  void aPrivateRunRecordsEpsilonStopsAtItsBudgetAndReportsTheGuarantee(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "dp.yaml", SPEC);
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(0, c.code, c.toString());
    Path run = RunCommandTest.onlyRun(runs);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("complete", summary.get("status").asText(), "a budget stop is a normal end");
    int n = summary.get("data").get("train_size").asInt();
    double q = 64.0 / n;
    Map<String, JsonNode> byName = new HashMap<>();
    summary.get("variants").forEach(v -> byName.put(v.get("name").asText(), v));
    assertFalse(byName.get("erm").has("privacy"), "a non-private variant has no privacy object");

    // σ given: every requested step runs.
    JsonNode dp = byName.get("dp").get("privacy");
    assertEquals("rdp", dp.get("accountant").asText());
    assertEquals(1.0, dp.get("noise").asDouble());
    assertEquals(1.0, dp.get("clip").asDouble());
    assertEquals(q, dp.get("sample_rate").asDouble(), 1e-15, "q defaults to batch_size / n");
    assertEquals(1e-5, dp.get("delta").asDouble());
    assertEquals(40, dp.get("steps").asInt());
    assertTrue(dp.get("budget").isNull());
    assertFalse(dp.get("stopped_by_budget").asBoolean());
    assertTrue(dp.get("stop_reason").isNull());
    assertEquals(epsilon(1.0, q, 40, 1e-5), dp.get("epsilon").asDouble(), 1e-9);
    assertTrue(dp.get("order").asDouble() > 1);
    String sentence = String.format(java.util.Locale.ROOT, "(ε=%.2f, δ=1e-5)-DP for each example of the training"
        + " set, by RDP accounting of 40 subsampled Gaussian steps, q=%s, σ=1", dp.get("epsilon").asDouble(),
        org.probity.privacy.accountant.Guarantee.compact(q));
    assertEquals(sentence, dp.get("guarantee").asText());

    // σ calibrated so that the 40 steps spend at most the target ε = 2, and only just less.
    JsonNode eps = byName.get("dp-eps").get("privacy");
    double sigma = eps.get("noise").asDouble();
    assertEquals(NoiseCalibration.noiseFor(2, 1e-5, q, 40), sigma, 1e-12);
    assertEquals(2.0, eps.get("target_epsilon").asDouble());
    assertTrue(eps.get("epsilon").asDouble() <= 2 && eps.get("epsilon").asDouble() > 1.99, eps.toString());
    assertEquals(epsilon(sigma, q, 40, 1e-5), eps.get("epsilon").asDouble(), 1e-9);

    // A budget of ε = 1 stops before the first step that would spend more.
    JsonNode budget = byName.get("dp-budget").get("privacy");
    long allowed = NoiseCalibration.maxSteps(1.0, 0.001, 1.0, q);
    assertTrue(allowed > 0 && allowed < 40, "the test needs a budget that stops the run: " + allowed);
    assertEquals(allowed, budget.get("steps").asLong());
    assertEquals(allowed, byName.get("dp-budget").get("steps").asLong());
    assertEquals(40, budget.get("requested_steps").asInt());
    assertTrue(budget.get("stopped_by_budget").asBoolean());
    assertEquals(1.0, budget.get("budget").asDouble());
    String reason = budget.get("stop_reason").asText();
    assertTrue(reason.startsWith("privacy budget ε=1 (δ=0.001) reached: it allows " + allowed + " of the 40"
        + " requested steps"), reason);
    assertTrue(budget.get("epsilon").asDouble() <= 1.0);
    assertTrue(epsilon(1.0, q, allowed + 1, 0.001) > 1.0, "one more step would have crossed the budget");
    assertEquals(allowed, Checkpoints.read(run.resolve(byName.get("dp-budget").get("checkpoint").asText())).step(),
        "the stopped variant's last checkpoint is saved");
    List<String> warnings = JSON.convertValue(budget.get("warnings"), List.class);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("δ=0.001 is not below 1/n="), warnings.toString());
    assertTrue(c.err().contains("probity run: warning: variant dp-budget: δ=0.001 is not below 1/n="), c.err());

    // metrics.jsonl: every eval line of a private variant carries ε for its step, none of ERM's does.
    Map<String, double[]> lastEval = new HashMap<>();
    int privateEvals = 0;
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode o = JSON.readTree(line);
      String v = o.get("variant").asText();
      if (!o.get("split").asText().equals("eval")) {
        assertFalse(o.has("epsilon"), line);
        continue;
      }
      if (v.equals("erm")) {
        assertFalse(o.has("epsilon"), line);
        continue;
      }
      JsonNode p = byName.get(v).get("privacy");
      int step = o.get("step").asInt();
      assertEquals(epsilon(p.get("noise").asDouble(), q, step, p.get("delta").asDouble()),
          o.get("epsilon").asDouble(), 1e-9, line);
      lastEval.put(v, new double[] {step, o.get("epsilon").asDouble()});
      privateEvals++;
    }
    long budgetEvals = allowed / 10 + (allowed % 10 == 0 ? 0 : 1);
    assertEquals(4 + 4 + budgetEvals, privateEvals, "every 10 steps and at the last one");
    for (String v : List.of("dp", "dp-eps", "dp-budget")) {
      JsonNode p = byName.get(v).get("privacy");
      assertEquals(p.get("steps").asDouble(), lastEval.get(v)[0], "the last evaluation is at the last step");
      assertEquals(p.get("epsilon").asDouble(), lastEval.get(v)[1], 1e-12, v);
    }

    // provenance.json: the accountant's parameters of each private variant.
    JsonNode prov = JSON.readTree(run.resolve("provenance.json").toFile()).get("privacy");
    assertNotNull(prov);
    assertNull(prov.get("erm"));
    JsonNode pb = prov.get("dp-budget");
    assertEquals("rdp", pb.get("accountant").asText());
    assertEquals(1.0, pb.get("noise").asDouble());
    assertEquals(1.0, pb.get("clip").asDouble());
    assertEquals(q, pb.get("sample_rate").asDouble(), 1e-15);
    assertEquals(0.001, pb.get("delta").asDouble());
    assertEquals(allowed, pb.get("steps").asLong());
    assertEquals(sigma, prov.get("dp-eps").get("noise").asDouble());

    // The command prints each guarantee after the table, and why the budget stopped a variant.
    String out = c.out();
    int table = out.indexOf("test accuracy");
    int privacy = out.indexOf("\nprivacy:\n");
    assertTrue(table >= 0 && privacy > table, out);
    assertTrue(out.contains("  dp: " + sentence + "\n"), out);
    assertTrue(out.contains("stopped early: " + reason), out);

    // The report: the Privacy block with every sentence and stop reason, and the ε chart as an image.
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("<section class=\"privacy\">"), "Privacy block");
    for (String v : List.of("dp", "dp-eps", "dp-budget")) {
      assertTrue(html.contains(byName.get(v).get("privacy").get("guarantee").asText()), v);
    }
    assertTrue(html.contains("Stopped early: " + reason), "stop reason on the page");
    assertTrue(html.contains("<figcaption>Privacy spent: ε against step</figcaption><img class=\"chart\"")
        && html.contains("data:image/png;base64,"), "the ε chart is drawn");
  }

  @Test
  void impossiblePrivateSettingsFailAsBadInputBeforeAnyFolder(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    String base = String.join("\n", "data: {source: digits}", "model: {type: softmax}",
        "train: {steps: 40, batch_size: 64}", "");
    String[][] cases = {
        {"privacy: {clip: 1, noise: 1, budget: 0.01}", "privacy.budget: dp-sgd: the budget ε=0.01 (δ=1e-5) does not"
            + " pay for one step: one step of σ=1, q="},
        {"privacy: {clip: 1, epsilon: 0.001, sample_rate: 1}", "privacy.epsilon: NoiseCalibration.noiseFor: target"
            + " ε = 0.001 is unreachable in 40 steps with q = 1.0 and δ = 1.0E-5; the smallest reachable ε is"},
        {"privacy: {clip: 1, noise: 1, sample_rate: 0}", "privacy.sample_rate: expected a sample rate q in (0, 1]"},
    };
    for (String[] k : cases) {
      Path spec = RunCommandTest.write(dir, "bad.yaml", base + k[0] + "\n");
      Cli c = Cli.run("run", spec.toString(), "--out", runs.toString());
      assertEquals(2, c.code, c.toString());
      assertEquals(1, c.errLines().size(), c.toString());
      assertTrue(c.err().contains(k[1]), c.err());
      assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "no run folder for bad input");
    }
  }
}
