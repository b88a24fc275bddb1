package org.probity.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders synthetic federated run folders (complete, running, failed) and checks the federated section. */
class FederatedReportTest {
  private static final Pattern FIGURE = Pattern.compile(
      "<figure><figcaption>([^<]*)</figcaption><img class=\"chart\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
  private static final Pattern CAPTION = Pattern.compile("<figcaption>([^<]*)</figcaption>");
  private static final Pattern NUM_CELL = Pattern.compile("<td class=\"num[^\"]*\"[^>]*>(.*?)</td>");
  private static final String NA = "<span class=\"na\">-</span>";

  @TempDir
  Path tmp;

  @Test
  void completeRunShowsEachStrategysNumbersFromTheSummary() throws IOException {
    Path dir = tmp.resolve("20261128-143019-cross-silo-digits");
    FederatedFixtures.complete(dir, "cross-silo-digits");
    String html = Files.readString(ReportRenderer.render(dir));

    assertTrue(html.contains("<section class=\"federated\">\n<h2>Federated</h2>"), "federated section");
    assertFalse(html.contains("class=\"comparison\"") || html.contains("class=\"curves\""),
        "the central table and curves give way to the federated section");
    assertTrue(html.contains(" \u00b7 4 strategies \u00b7 "), "header counts strategies");
    assertTrue(html.contains("federation: rounds <code>10</code> \u00b7 local epochs <code>1</code>"));
    assertFalse(html.contains("class=\"notes\""), "nothing missing");

    List<FederatedFixtures.Strategy> ss = FederatedFixtures.strategies();
    double[] fedavg = ss.get(1).clientAccuracy();
    double[] local = ss.get(0).clientAccuracy();
    for (FederatedFixtures.Strategy s : ss) {
      // Expected cells, computed here from the per-client accuracies with naive loops.
      double[] a = s.clientAccuracy();
      double[] sorted = a.clone();
      Arrays.sort(sorted);
      double mean = naiveMean(a);
      List<String> expected = new ArrayList<>(List.of(
          fmt(mean), fmt(sorted[0]), fmt(naiveStd(a, mean)), fmt((sorted[0] + sorted[1]) / 2), // worst 10% of 12
          fmt(naivePercentile(sorted, 0.1)), fmt(naivePercentile(sorted, 0.5)), fmt(naivePercentile(sorted, 0.9)),
          s.kind().equals("local") ? NA : fmt(naiveHurt(local, a)), // appeal: Local strictly below the strategy
          s.kind().equals("fedavg") ? NA : fmt(naiveHurt(a, fedavg)),
          s.kind().equals("local") ? NA : fmt(naiveHurt(a, local))));
      String mb = String.format(Locale.ROOT, "%.2f", s.bytesPerRound() * 10 / 1e6);
      expected.add(mb + " / " + mb);
      expected.add(Html.seconds(2.1 + s.name().length() * 0.1));
      expected.add(s.globalModel() ? fmt(mean - 0.02) : NA);
      String row = ReportRendererTest.rowOf(html, s.name());
      assertEquals(expected, cells(row), "row of " + s.name());
    }
    assertTrue(ReportRendererTest.rowOf(html, "finetune").contains("<td class=\"chosen\">epochs 5</td>"));
    assertTrue(ReportRendererTest.rowOf(html, "ditto").contains("ditto <span class=\"settings\">lambda 0.1</span>"));
    assertTrue(ReportRendererTest.rowOf(html, "fedavg").contains("title=\"mean round 70 ms\""));
    // The best mean is ditto's, the least hurt vs FedAvg is the smallest finite fraction.
    assertTrue(ReportRendererTest.rowOf(html, "ditto").contains("title=\"best in this column\">"
        + fmt(naiveMean(ss.get(3).clientAccuracy()))));

    assertEquals(List.of(FederatedCharts.ROUND_TITLE, FederatedCharts.CENTRAL_TITLE, FederatedCharts.BOX_TITLE,
        FederatedCharts.HURT_TITLE), ReportRendererTest.all(CAPTION, html));
    Map<String, BufferedImage> images = images(html);
    assertEquals(4, images.size());
    for (BufferedImage img : images.values()) {
      assertEquals(Charts.WIDTH * ChartImage.SCALE, img.getWidth());
      assertEquals(Charts.HEIGHT * ChartImage.SCALE, img.getHeight());
    }
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script element");
    assertFalse(html.contains("src=\"http") || html.contains("<link") || html.contains("@import")
        || html.contains("url("), "nothing fetched");
    ReportRendererTest.assertNoTempFiles(dir);
  }

  @Test
  void boxPlotHasABoxInEachStrategysColourAndHurtBarsBothSeries() throws IOException {
    Path dir = tmp.resolve("boxes");
    FederatedFixtures.complete(dir, "boxes");
    String html = Files.readString(ReportRenderer.render(dir));
    Map<String, BufferedImage> images = images(html);
    Palette palette = new Palette(List.of("local", "fedavg", "finetune", "ditto"));

    BufferedImage box = images.get(FederatedCharts.BOX_TITLE);
    assertNotNull(box, "box plot drawn");
    for (String s : List.of("local", "fedavg", "finetune", "ditto")) {
      assertTrue(count(box, palette.of(s)) > 50, "box of " + s + " in " + palette.css(s));
      assertTrue(html.contains("background:" + palette.css(s)), "same colour in the table");
    }
    // Where each box is: the boxes go left to right in table order.
    double[] centre = new double[4];
    List<String> names = List.of("local", "fedavg", "finetune", "ditto");
    for (int i = 0; i < 4; i++) {
      centre[i] = meanX(box, palette.of(names.get(i)));
    }
    for (int i = 1; i < 4; i++) {
      assertTrue(centre[i] > centre[i - 1] + 50, "box " + i + " right of box " + (i - 1) + ": " + Arrays.toString(centre));
    }

    BufferedImage hurt = images.get(FederatedCharts.HURT_TITLE);
    assertNotNull(hurt, "hurt bars drawn");
    assertTrue(solid(hurt, FederatedCharts.VS_FEDAVG) > 200);
    assertTrue(solid(hurt, FederatedCharts.VS_LOCAL) > 200);
    assertTrue(html.contains("vs FedAvg</span>") && html.contains("vs Local</span>"));
  }

  @Test
  void withoutALocalStrategyTheHurtChartHasOnlyTheFedAvgSeries() throws IOException {
    Path dir = tmp.resolve("no-local");
    List<FederatedFixtures.Strategy> ss = FederatedFixtures.strategies().subList(1, 4);
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", FederatedFixtures.roundLines(ss, 10, false)));
    RunFixtures.write(dir, "summary.json", FederatedFixtures.summary("no-local", "no-local", ss, false).toString());
    String html = Files.readString(ReportRenderer.render(dir));
    BufferedImage hurt = images(html).get(FederatedCharts.HURT_TITLE);
    assertNotNull(hurt);
    assertTrue(solid(hurt, FederatedCharts.VS_FEDAVG) > 200);
    assertEquals(0, solid(hurt, FederatedCharts.VS_LOCAL), "no vs-Local bars");
    assertFalse(html.contains("vs Local</span>"), "no vs-Local legend entry");
    for (String s : List.of("fedavg", "finetune", "ditto")) {
      assertTrue(cells(ReportRendererTest.rowOf(html, s)).get(8).equals(NA), "hurt vs Local of " + s + " is -");
    }
    assertFalse(html.contains(">Appeal"), "no Local strategy, no appeal column");
    assertFalse(html.contains("Central acc"), "no central evaluation, no column");
    assertEquals(List.of(FederatedCharts.ROUND_TITLE, FederatedCharts.BOX_TITLE, FederatedCharts.HURT_TITLE),
        ReportRendererTest.all(CAPTION, html));
  }

  @Test
  void runningFolderWithoutSummaryStillRendersTheRoundChart() throws IOException {
    Path dir = tmp.resolve("20261128-150000-running");
    FederatedFixtures.running(dir, "running", 4);
    String html = Files.readString(ReportRenderer.render(dir));

    assertTrue(html.contains("<span class=\"badge incomplete\">incomplete</span>"));
    assertTrue(html.contains("The INCOMPLETE marker is present"));
    assertTrue(html.contains("<li><code>summary.json</code> is missing: the run did not finish, so the table shows"
        + " each strategy&#39;s latest round"));
    assertTrue(html.contains("<h1>running</h1>"), "name from the spec");
    assertTrue(html.contains(" \u00b7 classification \u00b7 "), "task from the round lines");
    assertTrue(html.contains("<h2>Federated</h2>"));
    assertEquals(List.of(FederatedCharts.ROUND_TITLE), ReportRendererTest.all(CAPTION, html));
    BufferedImage img = images(html).get(FederatedCharts.ROUND_TITLE);
    assertEquals(Charts.WIDTH * ChartImage.SCALE, img.getWidth());
    assertTrue(html.contains("The per-client box plot and the hurt fractions come from summary.json"));

    // Rows from the round lines: the latest evaluated client mean, traffic and time summed so far.
    List<String> lines = Arrays.asList(Files.readString(dir.resolve("metrics.jsonl")).split("\n"));
    String local = ReportRendererTest.rowOf(html, "local");
    assertTrue(local.contains(">round 10<"));
    assertTrue(local.contains(fmt(lastClientMean(lines, "local"))));
    assertTrue(local.contains("0.00 / 0.00"), "local sends nothing");
    String fedavg = ReportRendererTest.rowOf(html, "fedavg");
    assertTrue(fedavg.contains("0.31 / 0.31"), "10 rounds x 12 clients x 2,600 bytes each way");
    String finetune = ReportRendererTest.rowOf(html, "finetune");
    assertTrue(finetune.contains(">round 4<"));
    assertTrue(finetune.contains(fmt(lastClientMean(lines, "finetune"))));
    assertTrue(finetune.contains(">4</td>"), "rounds column: 4 so far");
    assertTrue(finetune.contains("<td class=\"kind\">finetune</td>"), "kind from the spec");
    assertTrue(ReportRendererTest.rowOf(html, "ditto").contains("not started yet"));
    assertTrue(html.contains(" \u00b7 4 strategies"));
  }

  @Test
  void folderWithOnlyAFederatedSpecSaysNothingWasRecorded() throws IOException {
    Path dir = tmp.resolve("just-started");
    RunFixtures.write(dir, "spec.yaml", FederatedFixtures.spec("just-started", FederatedFixtures.strategies()));
    RunFixtures.write(dir, "INCOMPLETE", "");
    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<h2>Federated</h2>"));
    assertTrue(html.contains("No rounds were recorded."));
    assertTrue(ReportRendererTest.rowOf(html, "local").contains("not started yet"));
    assertTrue(html.contains("<code>metrics.jsonl</code> is missing"));
    assertEquals(0, images(html).size());
  }

  @Test
  void failedRunWithAMalformedLineRendersWhatIsThereAndListsTheProblems() throws IOException {
    Path dir = tmp.resolve("failed");
    List<FederatedFixtures.Strategy> ss = FederatedFixtures.strategies();
    List<String> lines = new ArrayList<>(FederatedFixtures.roundLines(ss.subList(0, 1), 10, false));
    lines.addAll(FederatedFixtures.roundLines(ss.subList(1, 2), 3, false));
    lines.add("{\"variant\":\"fedavg\",\"split\":\"round\",\"step\":4,\"accur");
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines));
    RunFixtures.write(dir, "spec.yaml", FederatedFixtures.spec("diverging", ss));
    ObjectNode summary = FederatedFixtures.summary("failed", "diverging", ss.subList(0, 1), false);
    summary.put("status", "failed");
    summary.put("error", "fedavg: all 12 clients of round 4 failed (client 3: loss is NaN <boom>)");
    ((ArrayNode) summary.get("warnings")).add("client 11 is empty after partitioning <dirichlet>; dropped");
    RunFixtures.write(dir, "summary.json", summary.toString());

    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("<span class=\"badge failed\">failed</span>"));
    assertTrue(html.contains("client 3: loss is NaN &lt;boom&gt;"));
    assertTrue(html.contains("1 malformed line in <code>metrics.jsonl</code> was skipped."));
    assertTrue(html.contains("<li>client 11 is empty after partitioning &lt;dirichlet&gt;; dropped</li>"), "warning shown");
    assertTrue(ReportRendererTest.rowOf(html, "local").contains("final test"));
    assertTrue(ReportRendererTest.rowOf(html, "fedavg").contains(">round 2<"));
    assertTrue(ReportRendererTest.rowOf(html, "ditto").contains("not run (the run failed)"));
    // local has clients (a box); its hurt fractions are both null (no fedavg result in the summary).
    assertEquals(List.of(FederatedCharts.ROUND_TITLE, FederatedCharts.BOX_TITLE), ReportRendererTest.all(CAPTION, html));
  }

  @Test
  void awkwardFederatedDataStillDrawsEveryChart() throws IOException {
    // One client; all clients equal; a non-finite client value; many strategies (rotated labels);
    // a name that needs escaping; a single evaluated round; a hurt fraction of exactly zero.
    Path dir = tmp.resolve("awkward");
    StringBuilder variants = new StringBuilder();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      String name = i == 0 ? "a<b>" : "s" + i;
      String clients = i == 1 ? "{\"0\":0.5}" : i == 2 ? "{\"0\":0.7,\"1\":0.7,\"2\":0.7}"
          : i == 3 ? "{\"0\":0.6,\"1\":\"NaN\",\"2\":0.8}" : "{\"0\":0.6,\"1\":0.9,\"2\":0.8}";
      variants.append(i == 0 ? "" : ",").append("{\"name\":\"").append(name.replace("\"", "\\\""))
          .append("\",\"strategy\":\"fedavg\",\"clients\":").append(clients)
          .append(",\"hurt_vs_fedavg\":").append(i == 0 ? "null" : i % 3 * 0.5)
          .append(",\"hurt_vs_local\":null}");
      lines.append("{\"variant\":\"").append(name).append("\",\"split\":\"round\",\"step\":1,\"round\":1,")
          .append("\"client_mean_accuracy\":0.5,\"central_accuracy\":0.4}\n");
    }
    RunFixtures.write(dir, "summary.json", "{\"status\":\"complete\",\"kind\":\"federated\",\"variants\":["
        + variants + "]}");
    RunFixtures.write(dir, "metrics.jsonl", lines.toString());
    String html = Files.readString(ReportRenderer.render(dir));
    assertFalse(html.contains("Charts could not be drawn"), "a chart failed");
    assertFalse(html.contains("chart missing"), "a chart is missing");
    assertEquals(List.of(FederatedCharts.ROUND_TITLE, FederatedCharts.CENTRAL_TITLE, FederatedCharts.BOX_TITLE,
        FederatedCharts.HURT_TITLE), ReportRendererTest.all(CAPTION, html));
    assertTrue(html.contains("</span>a&lt;b&gt;</td>"));
    assertFalse(html.contains("a<b>"));
    assertTrue(html.contains("strategy &quot;s3&quot;: 1 client accuracy is NaN or infinite; left out of the box plot."));
  }

  @Test
  void roundChartSkipsRoundsWithoutEvaluation() {
    MetricsLog log = MetricsLog.parse(String.join("\n",
        FederatedFixtures.roundLines(FederatedFixtures.strategies(), FederatedFixtures.ROUNDS, true)));
    assertTrue(log.problems().isEmpty());
    MetricsLog.Curve c = FederatedCharts.roundCurve(log, "fedavg", FederatedCharts.CLIENT_MEAN);
    assertArrayEquals(new double[] {2, 4, 6, 8, 10}, c.x());
    assertEquals(0, FederatedCharts.roundCurve(log, "local", FederatedCharts.CENTRAL).size(), "local: no global model");
    assertEquals(5, FederatedCharts.roundCurve(log, "ditto", FederatedCharts.CENTRAL).size());
  }

  @Test
  void identicalCentralLinesAreNamedUnderTheChart() throws IOException {
    // FineTune's global model is FedAvg's: the same central accuracy in every evaluated round.
    Path dir = tmp.resolve("same-global");
    FederatedFixtures.complete(dir, "same-global");
    List<String> lines = new ArrayList<>();
    Map<Integer, Double> fedavgCentral = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
      if (n.get("variant").asText().equals("fedavg") && n.has("central_accuracy")) {
        fedavgCentral.put(n.get("round").asInt(), n.get("central_accuracy").asDouble());
      }
    }
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
      if (n.get("variant").asText().equals("finetune") && n.has("central_accuracy")) {
        n.put("central_accuracy", fedavgCentral.get(n.get("round").asInt()));
      }
      lines.add(n.toString());
    }
    Files.write(dir.resolve("metrics.jsonl"), lines);
    MetricsLog log = MetricsLog.parse(String.join("\n", lines));
    assertEquals(List.of(List.of("fedavg", "finetune")), FederatedCharts.coinciding(log,
        List.of("local", "fedavg", "finetune", "ditto"), FederatedCharts.CENTRAL));
    assertEquals(List.of(), FederatedCharts.coinciding(log, List.of("local", "fedavg", "finetune", "ditto"),
        FederatedCharts.CLIENT_MEAN));
    String html = Files.readString(ReportRenderer.render(dir));
    assertTrue(html.contains("Identical, so drawn as one line: fedavg, finetune.</p>"));
    assertEquals(1, html.split("Identical, so drawn as one line", -1).length - 1, "only under the central chart");
  }

  @Test
  void roundLinesWithoutStepArePlacedByTheirRound() {
    MetricsLog log = MetricsLog.parse("{\"variant\":\"a\",\"split\":\"round\",\"round\":3,\"client_mean_accuracy\":0.5}\n"
        + "{\"variant\":\"a\",\"split\":\"eval\",\"round\":3,\"accuracy\":0.5}\n");
    assertEquals(1, log.rows().size());
    assertEquals(3.0, log.rows().get(0).step());
    assertEquals(1, log.problems().size(), "only round lines may omit the step");
  }

  @Test
  void statisticsMissingFromTheSummaryAreComputedFromTheClients() throws Exception {
    // Closed form for {0.5, 0.7, 0.9, 0.1}: sorted 0.1 0.5 0.7 0.9; type-7 percentiles; worst 10% = 1 client.
    Map<String, Double> clients = new LinkedHashMap<>(Map.of("0", 0.5, "1", 0.7, "2", 0.9, "3", 0.1));
    StrategyRow.ClientStats s = FederatedFolderReader.stats(null, clients);
    assertEquals(4, s.n());
    assertEquals(0.55, s.mean(), 1e-12);
    assertEquals(Math.sqrt((0.05 * 0.05 + 0.15 * 0.15 + 0.35 * 0.35 + 0.45 * 0.45) / 4), s.std(), 1e-12);
    assertEquals(0.1 + 0.3 * 0.4, s.p10(), 1e-12);
    assertEquals(0.6, s.median(), 1e-12);
    assertEquals(0.7 + 0.7 * 0.2, s.p90(), 1e-12);
    assertEquals(0.1, s.worst10(), 1e-12);

    // Through the reader: a summary variant without client_accuracy, and one with a bad client value.
    JsonNode summary = Json.MAPPER.readTree("""
        {"status":"complete","kind":"federated","variants":[
          {"name":"a","strategy":"fedavg","clients":{"0":0.5,"1":0.7,"2":0.9,"3":0.1},"hurt_vs_fedavg":null},
          {"name":"b","strategy":"fedprox","clients":{"0":0.5,"1":"oops"}}]}""");
    List<Problem> problems = new ArrayList<>();
    FederatedRun run = FederatedFolderReader.read(summary, MetricsLog.empty(), null, problems);
    assertNotNull(run);
    assertEquals(0.55, run.strategies().get(0).stats().mean(), 1e-12);
    assertTrue(Double.isNaN(run.strategies().get(0).hurtVsFedavg()));
    assertEquals(Map.of("0", 0.5), run.strategies().get(1).clients());
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).describe().contains("strategy \"b\": 1 client accuracy is not a number"));
  }

  @Test
  void centralRunsAreNotFederatedAndTheirPageHasNoFederatedPart() throws IOException {
    Path dir = tmp.resolve("central");
    RunFixtures.completeClassification(dir, RunFixtures.spec("central", false));
    assertNull(RunFolderReader.read(dir).federated());
    String html = Files.readString(ReportRenderer.render(dir));
    assertFalse(html.contains("Federated") || html.contains("fed-") || html.contains(".cmp.fed"));
    assertTrue(html.contains("<style>\n" + ReportStyle.CSS + "</style>"), "the central stylesheet, unchanged");
    assertTrue(html.contains(" \u00b7 3 variants \u00b7 "));
    // A summary that names another kind is not federated even with round lines.
    JsonNode other = Json.MAPPER.readTree("{\"kind\":\"central\"}");
    assertNull(FederatedFolderReader.read(other, MetricsLog.parse("{\"variant\":\"a\",\"split\":\"round\",\"step\":1}"),
        null, new ArrayList<>()));
  }

  // ---- helpers ----

  /** The texts of a row's numeric cells. */
  private static List<String> cells(String row) {
    return ReportRendererTest.all(NUM_CELL, row);
  }

  private static Map<String, BufferedImage> images(String html) throws IOException {
    Map<String, BufferedImage> out = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(2))));
      assertNotNull(img, m.group(1) + " is not a PNG");
      out.put(m.group(1), img);
    }
    return out;
  }

  /** Pixels within a small distance of the colour (antialiasing blends the edges). */
  private static int count(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += near(img.getRGB(x, y), c) ? 1 : 0;
      }
    }
    return n;
  }

  /** Pixels near the colour whose eight neighbours are too: the inside of a bar, not a blended edge. */
  private static int solid(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 1; y < img.getHeight() - 1; y++) {
      for (int x = 1; x < img.getWidth() - 1; x++) {
        boolean all = true;
        for (int dy = -1; dy <= 1 && all; dy++) {
          for (int dx = -1; dx <= 1 && all; dx++) {
            all = near(img.getRGB(x + dx, y + dy), c);
          }
        }
        n += all ? 1 : 0;
      }
    }
    return n;
  }

  private static double meanX(BufferedImage img, Color c) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (near(img.getRGB(x, y), c)) {
          sum += x;
          n++;
        }
      }
    }
    return sum / n;
  }

  private static boolean near(int rgb, Color c) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return Math.abs(r - c.getRed()) <= 6 && Math.abs(g - c.getGreen()) <= 6 && Math.abs(b - c.getBlue()) <= 6;
  }

  private static double lastClientMean(List<String> lines, String strategy) throws IOException {
    double last = Double.NaN;
    for (String line : lines) {
      JsonNode n = Json.MAPPER.readTree(line);
      if (n.get("variant").asText().equals(strategy) && n.has("client_mean_accuracy")) {
        last = n.get("client_mean_accuracy").asDouble();
      }
    }
    return last;
  }

  private static double naiveMean(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x;
    }
    return s / a.length;
  }

  private static double naiveStd(double[] a, double mean) {
    double s = 0;
    for (double x : a) {
      s += (x - mean) * (x - mean);
    }
    return Math.sqrt(s / a.length);
  }

  /** NumPy's default ("linear") percentile of ascending values. */
  private static double naivePercentile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double naiveHurt(double[] a, double[] baseline) {
    int worse = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] < baseline[i]) {
        worse++;
      }
    }
    return worse / (double) a.length;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
