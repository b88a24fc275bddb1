package org.probity.cli.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.BadInputException;
import org.probity.cli.report.ReportKit;
import org.probity.cli.run.Json;
import org.probity.privacy.audit.AuditTable;
import org.probity.privacy.audit.Roc;
import org.probity.tensor.Rng;

class AuditFolderTest {
  @TempDir
  Path tmp;

  /** Members score N(shift, 1), non-members N(0, 1). */
  private static Roc roc(int members, int nonMembers, double shift, long seed) {
    Rng rng = new Rng(seed);
    double[] m = new double[members];
    double[] n = new double[nonMembers];
    for (int i = 0; i < members; i++) {
      m[i] = shift + rng.nextGaussian();
    }
    for (int i = 0; i < nonMembers; i++) {
      n[i] = rng.nextGaussian();
    }
    return Roc.of(m, n);
  }

  private static AuditResult result(Roc roc, Double eps, Double delta) {
    AuditTable table = AuditTable.of(roc, 1e-5, 0.95, 200, new Rng(7));
    String sentence = eps == null ? null : "(ε=" + eps + ", δ=" + delta + ")-DP for each example of the training set";
    return new AuditResult("run-42", "dp-sgd", "lira", "training data", roc, table, eps, delta, sentence, 11L, 8, 3.5);
  }

  private static JsonNode json(Path folder) throws IOException {
    return Json.MAPPER.readTree(Files.readString(folder.resolve(AuditFolder.JSON)));
  }

  @Test
  void auditJsonHoldsTheTableNumbers() throws IOException {
    AuditResult r = result(roc(2000, 2000, 1.0, 1), 4.0, 1e-5);
    Path folder = AuditFolder.write(tmp.resolve("run/audits/lira-1"), r);
    JsonNode j = json(folder);
    AuditTable t = r.table();
    assertEquals("probity-audit/1", j.get("format").asText());
    assertEquals("run-42", j.get("run").asText());
    assertEquals("lira", j.get("attack").asText());
    assertEquals("training data", j.get("population").asText());
    assertEquals(2000, j.get("members").asInt());
    assertEquals(2000, j.get("non_members").asInt());
    assertEquals(11L, j.get("seed").asLong());
    assertEquals(8, j.get("shadows").asInt());
    assertEquals(3.5, j.get("seconds").asDouble());
    assertEquals(0.95, j.get("confidence").asDouble());
    assertTrue(j.has("probity_version"));
    assertEquals(t.auroc(), j.get("auroc").asDouble());
    assertEquals(r.roc().auroc(), j.get("auroc").asDouble());
    JsonNode rows = j.get("tpr_at_fpr");
    assertEquals(t.rows().size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      AuditTable.Row row = t.rows().get(i);
      JsonNode jr = rows.get(i);
      assertEquals(row.fpr(), jr.get("fpr").asDouble());
      assertEquals(row.tpr(), jr.get("tpr").asDouble());
      // Independent check of the table's TPR itself, from the curve's points.
      assertEquals(tprAt(r.roc().points(), row.fpr()), jr.get("tpr").asDouble());
      assertEquals(row.interval().low(), jr.get("interval").get("low").asDouble());
      assertEquals(row.interval().high(), jr.get("interval").get("high").asDouble());
      assertTrue(jr.get("not_measured").isNull());
    }
    JsonNode e = j.get("empirical_epsilon");
    assertEquals(t.epsilon().epsilon(), e.get("epsilon").asDouble());
    assertEquals(t.epsilon().threshold(), e.get("threshold").asDouble());
    assertEquals(t.epsilon().tpr(), e.get("tpr").asDouble());
    assertEquals(t.epsilon().fpr(), e.get("fpr").asDouble());
    assertEquals(1e-5, e.get("delta").asDouble());
    assertEquals(0.95, e.get("confidence").asDouble());
    assertTrue(t.epsilon().epsilon() > 0, "a shift of 1 should give some evidence");
    JsonNode a = j.get("accountant");
    assertEquals(4.0, a.get("epsilon").asDouble());
    assertEquals(1e-5, a.get("delta").asDouble());
    assertEquals(r.guarantee(), a.get("guarantee").asText());
    assertEquals("consistent", j.get("verdict").asText());
    assertEquals(r.comparison(), j.get("comparison").asText());
  }

  // The largest TPR among points with FPR <= fpr, by a plain scan.
  private static double tprAt(double[][] points, double fpr) {
    double best = 0;
    for (double[] p : points) {
      if (p[0] <= fpr) {
        best = Math.max(best, p[1]);
      }
    }
    return best;
  }

  @Test
  void unresolvableFprIsNullWithItsReason() throws IOException {
    AuditResult r = result(roc(400, 500, 1.0, 2), null, null);
    Path folder = AuditFolder.write(tmp.resolve("a"), r);
    JsonNode low = json(folder).get("tpr_at_fpr").get(0);
    assertEquals(0.001, low.get("fpr").asDouble());
    assertTrue(low.get("tpr").isNull());
    assertTrue(low.get("interval").isNull());
    assertEquals("needs at least 1000 non-members, got 500", low.get("not_measured").asText());
    JsonNode one = json(folder).get("tpr_at_fpr").get(1);
    assertFalse(one.get("tpr").isNull());
    String html = Files.readString(folder.resolve(AuditFolder.REPORT));
    assertTrue(html.contains("not measured: needs at least 1,000 non-members, got 500"), html);
  }

  @Test
  void rocCsvIsTheMonotoneCurveFromZeroToOneOne() throws IOException {
    Roc roc = roc(300, 400, 0.8, 3);
    Path folder = AuditFolder.write(tmp.resolve("a"), result(roc, null, null));
    double[][] csv = readCsv(folder.resolve(AuditFolder.ROC_CSV));
    // Short curves are written whole, exactly.
    assertEquals(roc.points().length, csv.length);
    for (int k = 0; k < csv.length; k++) {
      assertArrayEquals(roc.points()[k], csv[k]);
    }
    checkRocShape(csv);
  }

  @Test
  void longCurvesAreThinnedButKeepTheLowFprEndExact() {
    Roc roc = roc(30_000, 30_000, 1.0, 4);
    double[][] all = roc.points();
    assertTrue(all.length > 50_000, "continuous scores give a point per example: " + all.length);
    double[][] thin = RocPoints.thin(all);
    assertTrue(thin.length <= 5000 && thin.length > RocPoints.EXACT_HEAD, "thinned to " + thin.length);
    for (int k = 0; k < RocPoints.EXACT_HEAD; k++) {
      assertArrayEquals(all[k], thin[k]);
    }
    checkRocShape(thin);
    // No gap wider than the steps between consecutive kept points (nothing of the curve is lost).
    for (int k = 1; k < thin.length; k++) {
      double dx = thin[k][0] - thin[k - 1][0];
      double dy = thin[k][1] - thin[k - 1][1];
      assertTrue(dx <= 0.002 + 2 * RocPoints.RELATIVE_STEP * thin[k - 1][0] + 1.0 / 30_000
          && dy <= 0.002 + 2 * RocPoints.RELATIVE_STEP * thin[k - 1][1] + 1.0 / 30_000, "gap at " + k);
    }
  }

  private static void checkRocShape(double[][] p) {
    assertEquals(0.0, p[0][0]);
    assertEquals(0.0, p[0][1]);
    assertArrayEquals(new double[] {1, 1}, p[p.length - 1]);
    for (int k = 1; k < p.length; k++) {
      assertTrue(p[k][0] >= p[k - 1][0] && p[k][1] >= p[k - 1][1], "not monotone at " + k);
    }
  }

  private static double[][] readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertEquals("fpr,tpr", lines.get(0));
    double[][] out = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertEquals(2, f.length, lines.get(i));
      out[i - 1] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }
    return out;
  }

  @Test
  void reportShowsTheTableTheChartAndTheConsistentVerdict() throws IOException {
    AuditResult r = result(roc(2000, 2000, 0.5, 5), 4.0, 1e-5);
    Path folder = AuditFolder.write(tmp.resolve("a"), r);
    String html = Files.readString(folder.resolve(AuditFolder.REPORT));
    assertTrue(html.contains("Audit of run run-42"));
    assertTrue(html.contains("<code>dp-sgd</code>") && html.contains("<code>lira</code>"));
    assertTrue(html.contains(ReportKit.num(r.table().auroc())));
    for (AuditTable.Row row : r.table().rows()) {
      assertTrue(html.contains(ReportKit.num(row.tpr())), "TPR " + row.tpr());
      assertTrue(html.contains("[" + ReportKit.num(row.interval().low()) + ", " + ReportKit.num(row.interval().high()) + "]"));
    }
    assertTrue(html.contains("<img class=\"chart\"") && html.contains("src=\"data:image/png;base64,"), "embedded chart");
    String eps = String.format(java.util.Locale.ROOT, "%.2f", r.empiricalEpsilon());
    assertTrue(html.contains("The attack proves \u03b5 \u2265 " + eps + " at 95% confidence; the accountant guarantees"
        + " \u03b5 \u2264 4.00: consistent."), html);
    assertFalse(html.contains("contradicts"));
    assertFalse(html.contains("<script"));
    assertTrue(html.length() < 400_000, "page size " + html.length());
  }

  @Test
  void nonPrivateRunsSayThereIsNoGuarantee() throws IOException {
    AuditResult r = result(roc(300, 300, 0.5, 6), null, null);
    assertFalse(r.isPrivate());
    Path folder = AuditFolder.write(tmp.resolve("a"), r);
    String html = Files.readString(folder.resolve(AuditFolder.REPORT));
    assertTrue(html.contains("not trained with differential privacy, so there is no guarantee to compare against"));
    JsonNode j = json(folder);
    assertTrue(j.get("accountant").isNull());
    assertEquals("no guarantee", j.get("verdict").asText());
  }

  @Test
  void anEmpiricalBoundAboveTheAccountantsIsALoudContradiction() throws IOException {
    // Scores that separate perfectly prove a large ε; claim a small one.
    AuditResult r = result(roc(1000, 1000, 12.0, 7), 0.5, 1e-5);
    assertTrue(r.empiricalEpsilon() > 0.5, "bound " + r.empiricalEpsilon());
    assertTrue(r.contradicts());
    Path folder = AuditFolder.write(tmp.resolve("a"), r);
    String html = Files.readString(folder.resolve(AuditFolder.REPORT));
    assertTrue(html.contains("Warning: the audit contradicts the privacy guarantee."));
    assertTrue(html.contains("bug") && html.contains("sampling fluke"));
    assertTrue(html.contains("class=\"verdict contradiction\""));
    assertEquals("contradiction", json(folder).get("verdict").asText());
  }

  @Test
  void defaultFoldersAreNumberedFromOne() throws IOException {
    Path run = tmp.resolve("run-1");
    assertEquals(run.resolve("audits/lira-1"), AuditFolder.defaultFolder(run, "lira", null));
    Files.createDirectories(run.resolve("audits/lira-1"));
    assertEquals(run.resolve("audits/lira-2"), AuditFolder.defaultFolder(run, "lira", null));
    assertEquals(run.resolve("audits/lira-canaries-50-1"), AuditFolder.defaultFolder(run, "lira", 50));
    assertEquals(run.resolve("audits/quantile-1"), AuditFolder.defaultFolder(run, "quantile", null));
    AuditFolder.write(AuditFolder.defaultFolder(run, "lira", null), result(roc(50, 50, 1, 8), null, null));
    assertEquals(run.resolve("audits/lira-3"), AuditFolder.defaultFolder(run, "lira", null));
    assertThrows(IllegalArgumentException.class, () -> AuditFolder.defaultFolder(run, "../x", null));
    assertThrows(IllegalArgumentException.class, () -> AuditFolder.defaultFolder(run, "lira", 0));
  }

  @Test
  void anExistingFolderIsNeitherWrittenNorReplaced() throws IOException {
    Path folder = tmp.resolve("audits/lira-1");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("audit.json"), "earlier");
    BadInputException e = assertThrows(BadInputException.class,
        () -> AuditFolder.write(folder, result(roc(50, 50, 1, 9), null, null)));
    assertTrue(e.getMessage().contains(folder.toString()) && e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("earlier", Files.readString(folder.resolve("audit.json")));
    try (Stream<Path> s = Files.list(folder)) {
      assertEquals(1, s.count());
    }
    try (Stream<Path> s = Files.list(tmp.resolve("audits"))) {
      assertEquals(List.of(folder), s.toList(), "no temporary folder left behind");
    }
  }

  @Test
  void aSuccessfulWriteLeavesExactlyTheThreeFiles() throws IOException {
    Path folder = AuditFolder.write(tmp.resolve("audits/t-1"), result(roc(50, 60, 1, 10), null, null));
    try (Stream<Path> s = Files.list(folder)) {
      assertEquals(List.of("audit.json", "report.html", "roc.csv"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (Stream<Path> s = Files.list(tmp.resolve("audits"))) {
      assertEquals(1, s.count(), "no temporary sibling left");
    }
  }

  @Test
  void resultsAreValidated() {
    Roc roc = roc(50, 50, 1, 11);
    AuditTable table = AuditTable.of(roc, 1e-5, 0.95, 50, new Rng(1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult(null, "v", "lira", "training data", roc, table, null, null, null, 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", null, table, null, null, null, 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc, null, null, null, null, 1, 0, 1));
    // ε without δ, a sentence without ε, a negative shadow count, a table of another ROC.
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc, table, 1.0, null, null, 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc, table, null, null, "DP", 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc, table, null, null, null, 1, -1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc(50, 60, 1, 12), table, null, null, null, 1, 0, 1));
    // The bound at δ = 1e-5 is not comparable with a guarantee at δ = 1e-3.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AuditResult("r", "v", "lira", "training data", roc, table, 1.0, 1e-3, null, 1, 0, 1));
    assertTrue(e.getMessage().contains("δ"), e.getMessage());
    AuditResult ok = new AuditResult("r", "v", "lira", "training data", roc, table, 1.0, 1e-5, null, 1, 0, 1);
    assertNull(ok.guarantee());
    assertEquals(50, ok.members());
  }

  @Test
  void deltasAreWrittenTheWayPeopleWriteThem() {
    assertEquals("1e-5", AuditText.delta(1e-5));
    assertEquals("2.5e-6", AuditText.delta(2.5e-6));
    assertEquals("0.01", AuditText.delta(0.01));
    assertEquals("0", AuditText.delta(0));
    assertEquals("95%", AuditText.percent(0.95));
    assertEquals("0.1%", AuditText.percent(0.001));
  }
}
