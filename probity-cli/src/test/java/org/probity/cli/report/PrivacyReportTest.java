package org.probity.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's Privacy block on synthetic folders: a private federated run (ε against round from
 * the round lines, each private strategy's sentence and stop reason from summary.json), a central
 * run still going (ε against step before there is a summary), and a non-private run, whose page
 * has no trace of it.
 */
class PrivacyReportTest {
  static final String FIG = "<figcaption>%s</figcaption><img class=\"chart\"";

  @TempDir
  Path tmp;

  /** Adds ε to the round (or eval) lines of {@code privateArms}: a √t-like growth from {@code scale}. */
  static void addEpsilon(Path dir, String split, List<String> privateArms, double scale) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      ObjectNode o = (ObjectNode) RunFixtures.JSON.readTree(line);
      if (o.get("split").asText().equals(split) && privateArms.contains(o.get("variant").asText())) {
        o.put("epsilon", scale * Math.sqrt(o.get("step").asDouble()));
      }
      out.add(o.toString());
    }
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", out) + "\n");
  }

  static ObjectNode privacy(String guarantee, double epsilon, Double budget, String stopReason) {
    ObjectNode p = RunFixtures.JSON.createObjectNode();
    p.put("accountant", "rdp");
    p.put("epsilon", epsilon);
    p.put("delta", 1e-5);
    if (budget == null) {
      p.putNull("budget");
    } else {
      p.put("budget", budget);
    }
    p.put("stopped_by_budget", stopReason != null);
    if (stopReason == null) {
      p.putNull("stop_reason");
    } else {
      p.put("stop_reason", stopReason);
    }
    p.put("guarantee", guarantee);
    return p;
  }

  @Test
  void aPrivateFederatedRunShowsEpsilonAgainstRoundAndEachGuarantee() throws IOException {
    Path dir = tmp.resolve("20250101-000000-fed-dp");
    FederatedFixtures.complete(dir, "fed-dp");
    addEpsilon(dir, "round", List.of("fedavg", "ditto"), 0.3);
    JsonNode summary = RunFixtures.JSON.readTree(dir.resolve("summary.json").toFile());
    String fedavg = "(ε=0.95, δ=1e-5)-DP for each client, by RDP accounting of 10 subsampled Gaussian rounds, q=1,"
        + " σ=3.1";
    String ditto = "(ε=0.80, δ=1e-5)-DP for each example of silo 3, by RDP accounting of 240 subsampled Gaussian"
        + " steps, q=0.05, σ=1.2";
    String stop = "privacy budget ε=0.8 (δ=1e-5) reached: it allows 8 of the 10 requested rounds";
    for (JsonNode v : summary.get("variants")) {
      String name = v.get("name").asText();
      if (name.equals("fedavg")) {
        ((ObjectNode) v).set("privacy", privacy(fedavg, 0.95, null, null));
      } else if (name.equals("ditto")) {
        ((ObjectNode) v).set("privacy", privacy(ditto, 0.8, 0.8, stop));
      }
    }
    RunFixtures.write(dir, "summary.json", summary.toString());

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<section class=\"privacy\">\n<h2>Privacy</h2>"), "the block is there");
    assertTrue(html.contains("Differential privacy spent by each private strategy"));
    assertTrue(html.contains("<strong>fedavg</strong>: " + Html.esc(fedavg) + "</li>"), "fedavg's sentence");
    assertTrue(html.contains("<strong>ditto</strong>: " + Html.esc(ditto) + "<span class=\"stop\">Stopped early: "
        + Html.esc(stop) + "</span></li>"), "ditto's sentence and why it stopped");
    assertFalse(html.contains("<strong>local</strong>:"), "a non-private strategy has no sentence");
    assertTrue(html.contains(String.format(FIG, PrivacyCharts.ROUND_TITLE)), "ε against round is drawn");
    assertFalse(html.contains(PrivacyCharts.STEP_TITLE));
    assertTrue(html.contains("Dashed: the ε budget of the strategy of that colour"), "ditto has a budget");
    assertTrue(html.contains("Identical, so drawn as one line: fedavg, ditto."), "both spend 0.3·√round");
    assertTrue(html.indexOf("class=\"federated\"") < html.indexOf("class=\"privacy\""), "after the federated part");
    assertTrue(html.contains(".guarantees {"), "its CSS comes with it");
  }

  @Test
  void aCentralRunStillGoingShowsEpsilonSoFar() throws IOException {
    Path dir = tmp.resolve("20250101-000000-dp");
    List<RunFixtures.Variant> vs = RunFixtures.classificationVariants();
    RunFixtures.write(dir, "metrics.jsonl",
        String.join("\n", RunFixtures.classificationMetrics(vs.subList(0, 2), 700, false, 5)) + "\n");
    RunFixtures.write(dir, "INCOMPLETE", "");
    addEpsilon(dir, "eval", List.of(vs.get(1).name()), 0.05);

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<section class=\"privacy\">"));
    assertTrue(html.contains("Differential privacy spent by each private variant"));
    assertTrue(html.contains("No guarantee recorded yet: summary.json is written when the run ends."));
    assertTrue(html.contains(String.format(FIG, PrivacyCharts.STEP_TITLE)), "ε against step is drawn");
    assertFalse(html.contains("Dashed:"), "no budget known, none drawn");
    assertFalse(html.contains("Identical, so drawn"), "one private variant");
  }

  @Test
  void aNonPrivateRunHasNoPrivacyBlock() throws IOException {
    Path dir = tmp.resolve("20250101-000000-fair");
    RunFixtures.completeClassification(dir, RunFixtures.spec("fair-mixture", false));
    String html = Files.readString(ReportRenderer.render(dir));
    assertFalse(html.contains("class=\"privacy\""));
    assertFalse(html.contains(".guarantees"), "nor its CSS");
    assertFalse(html.contains("ε"));
    Path fed = tmp.resolve("20250101-000000-fed");
    FederatedFixtures.complete(fed, "fed");
    String fedHtml = Files.readString(ReportRenderer.render(fed));
    assertFalse(fedHtml.contains("class=\"privacy\""));
    assertFalse(fedHtml.contains(".guarantees"));
  }

  @Test
  void aSummaryWithoutASentenceStillStatesEpsilonAndDelta() {
    PrivacyRow r = new PrivacyRow("dp", null, 1.234, 1e-5, Double.NaN, null);
    assertEquals("ε=1.23, δ=1e-5 (no guarantee sentence recorded)", r.statement());
    assertEquals("x", new PrivacyRow("dp", "x", 1, 1e-5, 2, null).statement());
    assertEquals(List.of(), PrivacyRow.fromSummary(null));
  }
}
