package org.probity.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's small pieces: escaping, number formats, best-cell choice, curves, group order. */
class ReportPartsTest {
  @Test
  void escapesEverythingThatMattersInHtml() {
    assertEquals("&lt;script&gt;a&amp;b &quot;c&quot; &#39;d&#39;&lt;/script&gt;",
        Html.esc("<script>a&b \"c\" 'd'</script>"));
    assertEquals("plain", Html.esc("plain"));
    assertEquals("", Html.esc(null));
  }

  @Test
  void formatsNumbersForTables() {
    assertEquals("0.8734", Html.num(0.87341));
    assertEquals("1.2000", Html.num(1.2));
    assertEquals("1.230e-05", Html.num(0.0000123));
    assertEquals("12,345.7", Html.num(12345.67));
    assertEquals("NaN", Html.num(Double.NaN));
    assertEquals("1,500", Html.count(1500));
    assertEquals("4.2 s", Html.seconds(4.2));
    assertEquals("3 min 05 s", Html.seconds(185));
  }

  @Test
  void bestCellsFollowEachMetricsDirectionAndIncludeTies() {
    List<VariantResult> vs = List.of(
        variant("a", Map.of("accuracy", 0.9, "loss", 0.30, "custom", 5.0)),
        variant("b", Map.of("accuracy", 0.8, "loss", 0.20, "custom", 9.0)),
        variant("c", Map.of("accuracy", 0.9, "loss", Double.NaN, "custom", 1.0)));
    List<MetricKind> cols = ComparisonTable.columns(vs);
    assertEquals(List.of("accuracy", "loss", "custom"), cols.stream().map(MetricKind::key).toList());
    boolean[][] best = ComparisonTable.best(vs, cols);
    assertArrayEquals(new boolean[] {true, false, false}, best[0]);
    assertArrayEquals(new boolean[] {false, true, false}, best[1]);
    assertArrayEquals(new boolean[] {true, false, false}, best[2], "tie on accuracy; NaN loss never best");
  }

  @Test
  void nothingIsBestWhenAllAgreeOrOnlyOneHasAValue() {
    List<VariantResult> vs = List.of(
        variant("a", Map.of("accuracy", 0.5, "loss", 1.0)),
        variant("b", Map.of("accuracy", 0.5)));
    boolean[][] best = ComparisonTable.best(vs, ComparisonTable.columns(vs));
    assertFalse(best[0][0] || best[1][0] || best[0][1] || best[1][1]);
  }

  @Test
  void curvesAreOrderedFiniteAndThinnedKeepingTheEnds() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"variant\":\"v\",\"split\":\"train\",\"step\":30,\"loss\":3}\n");
    sb.append("{\"variant\":\"v\",\"split\":\"train\",\"step\":10,\"loss\":1}\n");
    sb.append("{\"variant\":\"v\",\"split\":\"train\",\"step\":20,\"loss\":\"NaN\"}\n");
    sb.append("{\"variant\":\"w\",\"split\":\"train\",\"step\":20,\"loss\":7}\n");
    MetricsLog log = MetricsLog.parse(sb.toString());
    MetricsLog.Curve c = log.curve("v", "train", "loss", 100);
    assertArrayEquals(new double[] {10, 30}, c.x());
    assertArrayEquals(new double[] {1, 3}, c.y());

    double[] x = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    MetricsLog.Curve t = MetricsLog.Curve.thinned(x, x.clone(), 50);
    assertEquals(50, t.size());
    assertEquals(0, t.x()[0]);
    assertEquals(999, t.x()[49]);
    for (int i = 1; i < 50; i++) {
      assertTrue(t.x()[i] > t.x()[i - 1]);
    }
  }

  @Test
  void groupsSortNumericallyThenByName() {
    List<String> g = new ArrayList<>(List.of("10", "b", "2", "a", "-1"));
    g.sort(MetricRow::compareGroups);
    assertEquals(List.of("-1", "2", "10", "a", "b"), g);
  }

  @Test
  void readsTheSpecNameWithoutQuotesOrComment() {
    assertEquals("demo", RunFolderReader.specName("seed: 1\nname: \"demo\"\n"));
    assertEquals("my run", RunFolderReader.specName("name: my run  # the title\n"));
    assertNull(RunFolderReader.specName("data:\n  name: nested\n"));
  }

  @Test
  void flattensProvenance() throws Exception {
    var n = Json.MAPPER.readTree("{\"a\": 1, \"b\": {\"c\": \"x\", \"d\": [1, 2]}, \"e\": [{\"f\": true}]}");
    Map<String, String> flat = new LinkedHashMap<>();
    Json.flatten(n).forEach(e -> flat.put(e.getKey(), e.getValue()));
    assertEquals(Map.of("a", "1", "b.c", "x", "b.d", "1, 2", "e[0].f", "true"), flat);
  }

  @Test
  void paletteGivesDistinctStableColours() {
    Palette p = new Palette(List.of("erm", "term"));
    assertEquals("#4e79a7", p.css("erm"));
    assertEquals("#f28e2b", p.css("term"));
    assertEquals(p.css("erm"), new Palette(List.of("erm", "x")).css("erm"));
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 30; i++) {
      assertTrue(seen.add(Palette.colour(i).getRGB()), "colour " + i + " repeats");
    }
  }

  @Test
  void aChartFailureBecomesOneNoteAndLaterChartsAreNotTried() {
    List<Problem> problems = new ArrayList<>();
    boolean[] tried = {false};
    List<Charts.Plan> plans = new ArrayList<>();
    plans.add(new Charts.Plan("one", () -> {
      throw new InternalError("Fontconfig head is null");
    }));
    for (int i = 0; i < 3; i++) {
      plans.add(new Charts.Plan("later " + i, () -> {
        tried[0] = true;
        return null;
      }));
    }
    List<ChartDrawer.Figure> figures = new ChartDrawer(problems).draw(plans);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).message().contains("Fontconfig head is null"));
    assertEquals(List.of("one", "later 0", "later 1", "later 2"), figures.stream().map(ChartDrawer.Figure::title).toList());
    assertTrue(figures.stream().allMatch(f -> f.html().contains("chart missing")));
    assertFalse(tried[0]);
  }

  private static VariantResult variant(String name, Map<String, Double> metrics) {
    return new VariantResult(name, null, Double.NaN, Double.NaN, new LinkedHashMap<>(metrics), Map.of(),
        VariantResult.TEST);
  }
}
