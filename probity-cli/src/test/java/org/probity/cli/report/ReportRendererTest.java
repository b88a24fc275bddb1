package org.probity.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders synthetic run folders of every shape and checks what the page says about them. */
class ReportRendererTest {
  private static final Pattern IMG = Pattern.compile("<img class=\"chart\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
  private static final Pattern BEST = Pattern.compile("<td class=\"num best\"[^>]*>([^<]*)</td>");
  private static final Pattern CAPTION = Pattern.compile("<figcaption>([^<]*)</figcaption>");

  @TempDir
  Path tmp;

  @Test
  void completeClassificationRunWithGroups() throws IOException {
    Path dir = tmp.resolve("20250101-120000-fair-mixture");
    RunFixtures.completeClassification(dir, RunFixtures.spec("fair-mixture", true));

    Path out = ReportRenderer.render(dir);
    assertEquals(dir.resolve("report.html"), out);
    String html = Files.readString(out);

    assertTrue(html.contains("<h1>fair-mixture</h1>"), "title");
    assertTrue(html.contains("<span class=\"badge complete\">complete</span>"), "badge");
    assertTrue(html.contains("run <code>20250101-120000-fair-mixture</code>"), "run id");
    assertTrue(html.contains("started 2025-06-14T10:15:30Z"));
    assertTrue(html.contains("data: source <code>synthetic/gaussian-mixture</code> \u00b7 train size <code>4000</code>"));
    for (RunFixtures.Variant v : RunFixtures.classificationVariants()) {
      assertTrue(html.contains("</span>" + Html.esc(v.name()) + "</td>"), "table row of " + v.name());
    }

    // The best cells, computed here from the fixture's test metrics.
    List<RunFixtures.Variant> vs = RunFixtures.classificationVariants();
    double[] w = RunFixtures.WEIGHTS;
    List<String> expected = new ArrayList<>();
    expected.add(fmt(vs.stream().mapToDouble(v -> v.accuracy(w)).max().orElseThrow()));
    expected.add(fmt(vs.stream().mapToDouble(v -> v.loss(w)).min().orElseThrow()));
    expected.add(fmt(vs.stream().mapToDouble(v -> Math.min(v.groupAccuracy()[0], v.groupAccuracy()[1])).max().orElseThrow()));
    expected.add(fmt(vs.stream().mapToDouble(v -> Math.max(v.groupLoss()[0], v.groupLoss()[1])).min().orElseThrow()));
    expected.add(fmt(vs.stream().mapToDouble(v -> 0.02 + 0.01 * v.speed()).min().orElseThrow()));
    assertEquals(sorted(expected), sorted(all(BEST, html)), "best cells");
    // Each best cell sits in the right row: the most accurate variant, and t=5 for worst-group accuracy.
    RunFixtures.Variant mostAccurate = vs.stream().max(Comparator.comparingDouble(v -> v.accuracy(w))).orElseThrow();
    assertTrue(rowOf(html, Html.esc(mostAccurate.name())).contains("title=\"best in this column\">"
        + fmt(mostAccurate.accuracy(w))));
    assertTrue(rowOf(html, "term t=5").contains("title=\"best in this column\">0.7740"));

    // Four curves (train loss, eval loss, eval accuracy, worst-group accuracy) and two bar charts.
    List<String> images = all(IMG, html);
    assertEquals(6, images.size(), "embedded charts");
    assertEquals(List.of("Training loss", "Evaluation loss", "Evaluation accuracy",
        "Evaluation worst-group accuracy", "Test accuracy by group", "Test loss by group"), all(CAPTION, html));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.get(0))));
    assertEquals(Charts.WIDTH * ChartImage.SCALE, png.getWidth());
    assertEquals(Charts.HEIGHT * ChartImage.SCALE, png.getHeight());

    // The spec is shown escaped; nothing in the page is a script or a remote resource.
    assertTrue(html.contains("note: &quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more&quot;"));
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script element");
    assertFalse(html.contains("src=\"http") || html.contains("<link") || html.contains("@import")
        || html.contains("url("), "nothing fetched");

    // Provenance as a table; no notes section, since nothing is missing.
    assertTrue(html.contains("<tr><th>git_commit</th><td>3f9a1c2b7d4e</td></tr>"));
    assertTrue(html.contains("<tr><th>data.gaussian-mixture</th><td>sha256:1b4f0e9a77c2</td></tr>"));
    assertFalse(html.contains("class=\"notes\""), "no notes");
    assertNoTempFiles(dir);
  }

  @Test
  void regressionRunPlotsRmse() throws IOException {
    Path dir = tmp.resolve("reg");
    List<String> lines = new ArrayList<>();
    String[] names = {"erm", "term t=-2"};
    double[] finalRmse = {1.91, 0.62};
    for (int v = 0; v < 2; v++) {
      for (int step = 20; step <= 400; step += 20) {
        ObjectNode o = RunFixtures.row(names[v], "train", step);
        o.put("loss", 4.0 / step + finalRmse[v]);
        lines.add(o.toString());
        if (step % 100 == 0) {
          ObjectNode e = RunFixtures.row(names[v], "eval", step);
          double rmse = finalRmse[v] + 3.0 / step;
          e.put("loss", rmse * rmse);
          e.put("mse", rmse * rmse);
          e.put("rmse", rmse);
          lines.add(e.toString());
        }
      }
    }
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines));
    RunFixtures.write(dir, "summary.json", """
        {"run_id": "reg", "name": "robust-regression", "status": "complete", "seed": 3, "seconds": 2.5,
         "task": "regression",
         "variants": [
           {"name": "erm", "objective": "mean", "steps": 400, "seconds": 1.1,
            "test": {"loss": 3.6481, "mse": 3.6481, "rmse": 1.91}},
           {"name": "term t=-2", "objective": "tilted(t=-2)", "steps": 400, "seconds": 1.3,
            "test": {"loss": 0.3844, "mse": 0.3844, "rmse": 0.62}}]}
        """);
    RunFixtures.write(dir, "spec.yaml", "name: robust-regression\n");
    RunFixtures.write(dir, "provenance.json", "{\"seed\": 3}");

    String html = Files.readString(ReportRenderer.render(dir));
    assertEquals(List.of("Training loss", "Evaluation RMSE"), all(CAPTION, html));
    assertEquals(2, all(IMG, html).size());
    assertTrue(html.contains("RMSE\u00a0\u2193</th>"));
    assertFalse(html.contains("Accuracy"), "no accuracy column or chart in a regression run");
    assertEquals(List.of("0.3844", "0.3844", "0.6200"), sorted(all(BEST, html)));
    assertTrue(rowOf(html, "term t=-2").contains("best in this column\">0.6200"));
    assertFalse(html.contains("Per-group results"), "no groups, no bars");
  }

  @Test
  void incompleteRunWithOnlyMetrics() throws IOException {
    Path dir = tmp.resolve("20250101-000000-demo");
    List<RunFixtures.Variant> vs = RunFixtures.classificationVariants();
    List<String> lines = RunFixtures.classificationMetrics(vs.subList(0, 2), 700, false, 5);
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines) + "\n");
    RunFixtures.write(dir, "INCOMPLETE", "");

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<span class=\"badge incomplete\">incomplete</span>"));
    assertTrue(html.contains("The INCOMPLETE marker is present"));
    assertTrue(html.contains("<h1>20250101-000000-demo</h1>"), "folder name stands in for the run name");
    for (String missing : List.of("spec.yaml", "provenance.json", "summary.json")) {
      assertTrue(html.contains("<li><code>" + missing + "</code> is missing"), missing + " noted");
    }
    assertTrue(html.contains("No readable spec.yaml"));
    // Both variants are in the table, from their last evaluation (step 700).
    assertTrue(rowOf(html, "erm").contains("last eval, step 700"));
    assertTrue(rowOf(html, "term t=1").contains("last eval, step 700"));
    assertEquals(List.of("Training loss", "Evaluation loss", "Evaluation accuracy", "Evaluation calibration error (ECE)"),
        all(CAPTION, html));
    assertEquals(4, all(IMG, html).size());
    assertNoTempFiles(dir);
  }

  @Test
  void failedRunShowsItsError() throws IOException {
    Path dir = tmp.resolve("failed");
    List<String> lines = RunFixtures.classificationMetrics(RunFixtures.classificationVariants().subList(0, 1), 200, false, 1);
    lines.add("{\"variant\":\"erm\",\"split\":\"train\",\"step\":210,\"loss\":NaN}");
    lines.add("{\"variant\":\"erm\",\"split\":\"train\",\"step\":220,\"loss\":\"Infinity\"}");
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines));
    RunFixtures.write(dir, "spec.yaml", RunFixtures.spec("diverges", false));
    RunFixtures.write(dir, "summary.json", """
        {"run_id": "failed", "name": "diverges", "status": "failed", "seed": 1, "seconds": 0.8,
         "variants": [{"name": "erm", "objective": "mean", "steps": 220, "test": {"loss": "NaN", "accuracy": 0.1, "ece": null}}],
         "error": "trainer: loss is NaN at step 210 (variant erm, lr 10.0 > 1 <too big>)"}
        """);

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<span class=\"badge failed\">failed</span>"));
    assertTrue(html.contains("<pre>trainer: loss is NaN at step 210 (variant erm, lr 10.0 &gt; 1 &lt;too big&gt;)</pre>"));
    assertTrue(html.contains("<h1>diverges</h1>"));
    assertTrue(rowOf(html, "erm").contains(">NaN</td>"));
    assertTrue(rowOf(html, "erm").matches("(?s).*NaN</td>.*NaN</td>.*"), "a null metric is a NaN one");
    assertTrue(all(BEST, html).isEmpty(), "one variant: nothing to highlight");
    assertTrue(all(CAPTION, html).contains("Training loss"), "the finite part of the loss is still plotted");
  }

  @Test
  void malformedLinesAreReportedCountedAndSkipped() throws IOException {
    Path dir = tmp.resolve("bad");
    String text = String.join("\n",
        "{\"variant\":\"erm\",\"split\":\"train\",\"step\":10,\"loss\":2.0}",
        "{\"variant\":\"erm\",\"split\":\"train\",\"step\":20,\"loss\":1.5}",
        "{\"variant\":\"erm\",\"split\":\"train\",\"step\":30,\"lo",
        "",
        "this is not json",
        "{\"split\":\"train\",\"step\":40,\"loss\":1.1}",
        "[1, 2]",
        "{\"variant\":\"erm\",\"split\":\"eval\",\"step\":50,\"loss\":1.0,\"accuracy\":0.7}");
    RunFixtures.write(dir, "metrics.jsonl", text);
    RunFixtures.write(dir, "provenance.json", "{\"seed\": 1,\n \"git\": }\n");

    MetricsLog log = MetricsLog.parse(text);
    assertEquals(3, log.rows().size());
    assertEquals(List.of(3, 5, 6, 7), log.problems().stream().map(Problem::line).toList());

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("4 malformed lines in <code>metrics.jsonl</code> were skipped."));
    assertTrue(html.contains("<code>metrics.jsonl:3</code> malformed JSON, line skipped: "));
    assertTrue(html.contains("<code>metrics.jsonl:5</code> malformed JSON"));
    assertTrue(html.contains("<code>metrics.jsonl:6</code> missing &quot;variant&quot;, line skipped"));
    assertTrue(html.contains("<code>metrics.jsonl:7</code> not a JSON object, line skipped"));
    assertTrue(html.contains("<code>provenance.json:2</code> malformed JSON"), "whole-file JSON errors keep their line");
    assertTrue(rowOf(html, "erm").contains("0.7000"), "the valid lines still count");
  }

  @Test
  void manyMalformedLinesAreListedUpToALimitThenCounted() throws IOException {
    Path dir = tmp.resolve("many-bad");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      sb.append("{broken\n");
    }
    RunFixtures.write(dir, "metrics.jsonl", sb.toString());
    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("25 malformed lines in <code>metrics.jsonl</code> were skipped."));
    assertTrue(html.contains("<code>metrics.jsonl:10</code>"));
    assertFalse(html.contains("<code>metrics.jsonl:11</code>"));
    assertTrue(html.contains("and 15 more malformed lines."));
  }

  @Test
  void emptyFolderRendersAndSaysWhatIsMissing() throws IOException {
    Path dir = tmp.resolve("empty");
    Files.createDirectories(dir);
    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("badge incomplete"));
    assertTrue(html.contains("No variant has reported any metric yet."));
    assertTrue(html.contains("No metrics were recorded."));
    assertTrue(html.contains("<code>metrics.jsonl</code> is missing"));
    assertEquals(0, all(IMG, html).size());
  }

  @Test
  void missingFolderIsAnError() {
    assertThrows(NoSuchFileException.class, () -> ReportRenderer.render(tmp.resolve("nope")));
  }

  @Test
  void rerenderReplacesTheReportAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path dir = tmp.resolve("again");
    RunFixtures.completeClassification(dir, RunFixtures.spec("again", false));
    Files.writeString(dir.resolve("report.html"), "old");
    ReportRenderer.render(dir);
    String first = Files.readString(dir.resolve("report.html"));
    assertTrue(first.startsWith("<!DOCTYPE html>"));
    ReportRenderer.render(dir);
    assertEquals(first, Files.readString(dir.resolve("report.html")), "rendering is deterministic");
    assertNoTempFiles(dir);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // The report gets the permissions any new file gets here, not a temporary file's owner-only ones.
      Path plain = Files.createFile(tmp.resolve("plain"));
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("report.html")));
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(Set.of("metrics.jsonl", "provenance.json", "report.html", "spec.yaml", "summary.json"),
          s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void summaryCompleteWinsOverALeftoverMarker() throws IOException {
    // The run renders its report just before removing INCOMPLETE; the summary decides.
    Path dir = tmp.resolve("marker");
    RunFixtures.completeClassification(dir, RunFixtures.spec("marker", false));
    Files.writeString(dir.resolve("INCOMPLETE"), "");
    assertTrue(Files.readString(ReportRenderer.render(dir)).contains("badge complete"));
  }

  @Test
  void variantMissingFromTheSummaryStillAppears() throws IOException {
    Path dir = tmp.resolve("partial-summary");
    RunFixtures.completeClassification(dir, RunFixtures.spec("p", false));
    Files.writeString(dir.resolve("metrics.jsonl"),
        "{\"variant\":\"late <b>\",\"split\":\"eval\",\"step\":100,\"loss\":0.9,\"accuracy\":0.5}\n",
        java.nio.file.StandardOpenOption.APPEND);
    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(rowOf(html, "late &lt;b&gt;").contains("last eval, step 100"));
    assertTrue(html.contains("Measured on</th>"));
  }

  @Test
  void awkwardDataStillDrawsEveryChart() throws IOException {
    // One evaluation at step 0, a flat curve, a group missing for one variant, many groups and
    // variants, a loss spanning decades (log axis), and a duplicate-looking variant name.
    Path dir = tmp.resolve("awkward");
    List<String> lines = new ArrayList<>();
    lines.add("{\"variant\":\"a\",\"split\":\"eval\",\"step\":0,\"loss\":1.0,\"accuracy\":0.5,"
        + "\"group_accuracy\":{\"0\":0.5},\"worst_group_accuracy\":0.5}");
    for (int v = 0; v < 12; v++) {
      for (int step = 1; step <= 50; step++) {
        ObjectNode o = RunFixtures.row("v" + v, "train", step);
        o.put("loss", v == 0 ? 0.7 : 100.0 / (step * step) + 0.001 * v);
        lines.add(o.toString());
      }
      ObjectNode e = RunFixtures.row("v" + v, "eval", 50);
      e.put("loss", 0.3);
      e.put("accuracy", 0.9);
      ObjectNode ga = e.putObject("group_accuracy");
      for (int g = 0; g < 30; g++) {
        if (g != v) {
          ga.put(Integer.toString(g), 0.5 + 0.01 * g);
        }
      }
      lines.add(e.toString());
    }
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines));
    String html = Files.readString(ReportRenderer.render(dir));
    assertFalse(html.contains("Charts could not be drawn"), "a chart failed");
    assertFalse(html.contains("chart missing"), "a chart is missing");
    assertEquals(List.of("Training loss", "Evaluation loss", "Evaluation accuracy",
        "Evaluation worst-group accuracy", "Latest accuracy by group"), all(CAPTION, html));
  }

  static void assertNoTempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertTrue(left.isEmpty(), "temporary files left: " + left);
    }
  }

  /** The table row of the named (escaped) variant. */
  static String rowOf(String html, String escapedName) {
    int at = html.indexOf("</span>" + escapedName + "</td>");
    assertTrue(at >= 0, "no row for " + escapedName);
    int start = html.lastIndexOf("<tr>", at);
    return html.substring(start, html.indexOf("</tr>", at));
  }

  static List<String> all(Pattern p, String html) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static List<String> sorted(List<String> xs) {
    List<String> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    return s;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
