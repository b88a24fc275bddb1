package org.probity.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.probity.cli.run.Catalog;
import org.probity.cli.spec.SpecException;

/** Bad sweep sections fail with the file, the line of the offending key and what was expected; the report draws a chart per key. */
class SweepSpecTest {
  static final String BASE = SweepSearchTest.BASE;

  /** The error for a spec whose sweep section is {@code sweepLines} (starting on line 6). */
  static String error(String sweepLines) {
    SpecException e = assertThrows(SpecException.class,
        () -> SweepFile.parse("s.yaml", BASE + sweepLines, List.of()).sweep(Catalog.reader()));
    return e.getMessage();
  }

  static void located(String message, int line, String path, String... words) {
    Matcher m = Pattern.compile("^s\\.yaml:(\\d+):\\d+: ").matcher(message);
    assertTrue(m.find(), message);
    assertEquals(line, Integer.parseInt(m.group(1)), message);
    assertTrue(message.contains(path), message);
    for (String w : words) {
      assertTrue(message.contains(w), "'" + w + "' in: " + message);
    }
  }

  @Test
  void anUnknownSweepKeyNamesTheClosest() {
    located(error("sweep:\n  metod: random\n  params: {optimizer.lr: [0.1]}\n"), 7, "sweep", "metod", "method");
  }

  @Test
  void anUnknownSpecKeyIsReportedAtItsSweepLine() {
    located(error("sweep:\n  params:\n    optimizer.lr: [0.1]\n    optimizer.lrr: [0.1, 1]\n"), 9,
        "sweep.params.optimizer.lrr", "lrr");
  }

  @Test
  void aValueTheKeyCannotTakeIsReported() {
    located(error("sweep:\n  params:\n    train.batch_size: [32, ten]\n"), 8, "sweep.params.train.batch_size",
        "ten");
  }

  @Test
  void gridNeedsListsAndRandomNeedsTrials() {
    located(error("sweep:\n  params:\n    optimizer.lr: {log_uniform: [0.01, 1]}\n"), 8, "sweep.params.optimizer.lr",
        "grid search needs a list");
    assertTrue(error("sweep:\n  method: random\n  params: {optimizer.lr: [0.1]}\n").contains("sweep.trials: required"));
  }

  @Test
  void badDistributionsAreReported() {
    located(error("sweep:\n  method: random\n  trials: 3\n  params:\n    optimizer.lr: {log_uniform: [0, 1]}\n"),
        10, "sweep.params.optimizer.lr.log_uniform", "low > 0");
    located(error("sweep:\n  method: random\n  trials: 3\n  params:\n    optimizer.lr: {normal: [0, 1]}\n"),
        10, "sweep.params.optimizer.lr", "log_uniform");
    located(error("sweep:\n  method: random\n  trials: 3\n  params:\n    train.batch_size: {int_uniform: [64, 8]}\n"),
        10, "sweep.params.train.batch_size.int_uniform", "low < high");
  }

  @Test
  void anUnknownMetricOrArmIsReported() {
    located(error("sweep:\n  metric: acuracy\n  params: {optimizer.lr: [0.1]}\n"), 7, "sweep.metric", "accuracy");
    located(error("sweep:\n  arm: nope\n  params: {optimizer.lr: [0.1]}\n"), 7, "sweep.arm", "nope");
  }

  @Test
  void halvingNeedsItsBudgetsAndAKeyThatTakesThem() {
    assertTrue(error("sweep:\n  method: halving\n  trials: 3\n  params: {optimizer.lr: [0.1]}\n")
        .contains("sweep.halving: required"));
    located(error("sweep:\n  method: halving\n  trials: 3\n  params: {optimizer.lr: [0.1]}\n  halving:\n"
        + "    min_budget: 1\n    max_budget: 9\n    budget_key: train.epochs\n"), 13, "sweep.halving.budget_key",
        "train.epochs");
  }

  @Test
  void aSpecWithoutSweepIsReferredToRun() {
    SpecException e = assertThrows(SpecException.class, () -> SweepFile.parse("s.yaml", BASE, List.of()));
    assertTrue(e.getMessage().contains("probity run"), e.getMessage());
  }

  @Test
  void probityRunRefusesASweepSpec() {
    SpecException e = assertThrows(SpecException.class, () -> Catalog.reader().read("s.yaml",
        BASE + "sweep: {params: {optimizer.lr: [0.1]}}\n", List.of()));
    assertTrue(e.getMessage().startsWith("s.yaml:6:1: sweep:") && e.getMessage().contains("probity sweep"),
        e.getMessage());
  }

  @Test
  void theReportHasOneChartPerSweptKey() throws Exception {
    SweepSpec s = SweepSearchTest.sweep("sweep: {method: random, trials: 5, params: {optimizer.lr: {log_uniform:"
        + " [0.001, 1]}, model.activation: [relu, tanh], train.batch_size: [16, 32]}}\n");
    List<TrialResult> rows = new java.util.ArrayList<>();
    for (Trial t : SearchMethod.of(s).rung(0, List.of())) {
      rows.add(t.config() == 4 ? TrialResult.failed(t, null, 1, "diverged")
          : TrialResult.complete(t, 0.5 + t.config() / 10.0, "trials/" + t.id() + "/run", 1.0));
    }
    TrialResult best = SweepDriver.best(s, rows);
    assertEquals(3, best.trial().config());
    String html = SweepReport.html("sweep x", s, rows, best);
    assertEquals(3, count(html, "<figure class=\"sweep-chart\">"));
    assertEquals(3, count(html, "<img class=\"chart\""));
    for (String key : List.of("optimizer.lr", "model.activation", "train.batch_size")) {
      assertTrue(html.contains("<figcaption>" + key + "</figcaption><img"), key);
    }
    assertEquals(5, count(html, "<td>t00"));
    assertTrue(html.contains("failed: diverged"));
  }

  @Test
  void theBestIsChosenByValidationAndTheTableShowsItsTestFigureToo() throws Exception {
    SweepSpec s = SweepSearchTest.sweep("sweep: {params: {optimizer.lr: [0.01, 0.1]}}\n");
    List<Trial> trials = SearchMethod.of(s).rung(0, List.of());
    // The first has the better test accuracy, the second the better validation accuracy.
    List<TrialResult> rows = List.of(TrialResult.complete(trials.get(0), 0.90, 0.95, "trials/a/run", 1.0),
        TrialResult.complete(trials.get(1), 0.92, 0.88, "trials/b/run", 1.0));
    TrialResult best = SweepDriver.best(s, rows);
    assertEquals(trials.get(1), best.trial());
    String table = SweepTable.format(s, rows, best);
    assertTrue(table.lines().findFirst().orElseThrow().matches("\\s*trial\\s+optimizer\\.lr\\s+val_accuracy\\s+"
        + "test_accuracy\\s+status\\s+seconds"), table);
    assertTrue(table.contains("* " + trials.get(1).id()), table);
    assertTrue(table.matches("(?s).*\\* " + trials.get(1).id() + "\\s+0\\.1\\s+0\\.9200\\s+0\\.8800\\s+complete.*"),
        table);
    String html = SweepReport.html("sweep x", s, rows, best);
    assertTrue(html.contains("Best: val_accuracy <b>0.9200</b>, test_accuracy <b>0.8800</b>"), html);
    // Without a separate test figure (a federated worst-group sweep) the table is as it was: one metric column.
    List<TrialResult> plain = List.of(TrialResult.complete(trials.get(0), 0.9, null, 1.0));
    String header = SweepTable.format(s, plain, plain.get(0)).lines().findFirst().orElseThrow();
    assertTrue(header.contains("  accuracy  status"), header);
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
