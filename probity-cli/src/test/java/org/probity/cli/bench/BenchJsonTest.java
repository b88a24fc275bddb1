package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the hand-written JSON with an independent parser (Jackson). */
class BenchJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void hasExactlyTheDocumentedShape() throws Exception {
    List<BenchResult> rs = List.of(
        new BenchResult("gemm-256", Metric.GFLOPS, 98.1, 27.0, "vector vs plain"),
        new BenchResult("mlp-step", Metric.MS, 0.4125, 3.5, "vector vs plain"),
        new BenchResult("parallel-small", Metric.STEPS_PER_S, 51234.5, 26000, "2 threads vs 1"));
    JsonNode root = JSON.readTree(BenchJson.format(3, rs));
    assertEquals(List.of("threads", "results"), fieldNames(root));
    assertEquals(3, root.get("threads").intValue());
    JsonNode results = root.get("results");
    assertEquals(3, results.size());
    for (JsonNode r : results) {
      assertEquals(List.of("workload", "metric", "fast", "fallback"), fieldNames(r));
    }
    assertEquals("gemm-256", results.get(0).get("workload").textValue());
    assertEquals("gflops", results.get(0).get("metric").textValue());
    assertEquals(98.1, results.get(0).get("fast").doubleValue(), 1e-12);
    assertEquals(27.0, results.get(0).get("fallback").doubleValue(), 1e-12);
    assertEquals("ms", results.get(1).get("metric").textValue());
    assertEquals(0.4125, results.get(1).get("fast").doubleValue(), 1e-12);
    assertEquals("steps_per_s", results.get(2).get("metric").textValue());
    assertEquals(51234.5, results.get(2).get("fast").doubleValue(), 1e-9);
  }

  @Test
  void roundsToSixSignificantDigitsWithoutExponents() {
    assertEquals("98.1235", BenchJson.number(98.123456789));
    assertEquals("0.000123457", BenchJson.number(0.000123456789));
    assertEquals("123457000", BenchJson.number(123456789.0));
    assertEquals("27", BenchJson.number(27.0));
    assertEquals("0", BenchJson.number(0.0));
    assertEquals("-1.5", BenchJson.number(-1.5));
  }

  @Test
  void writesNullForFiguresJsonCannotHold() throws Exception {
    String text = BenchJson.format(1, List.of(new BenchResult("x", Metric.MS, Double.NaN,
        Double.POSITIVE_INFINITY, "")));
    JsonNode r = JSON.readTree(text).get("results").get(0);
    assertTrue(r.get("fast").isNull());
    assertTrue(r.get("fallback").isNull());
  }

  @Test
  void escapesNamesSoAnyStringRoundTrips() throws Exception {
    String name = "a\"b\\c\nd\te\u0001f/é€\uD83D\uDE00";
    String text = BenchJson.format(1, List.of(new BenchResult(name, Metric.MS, 1, 2, "")));
    assertEquals(name, JSON.readTree(text).get("results").get(0).get("workload").textValue());
  }

  @Test
  void emptyResultsAreStillValid() throws Exception {
    JsonNode root = JSON.readTree(BenchJson.format(1, List.of()));
    assertEquals(0, root.get("results").size());
  }

  @Test
  void writeReplacesTheFileAndLeavesNoTemporaryBehind(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench.json");
    Files.writeString(file, "old content that is not JSON");
    BenchJson.write(file, 2, List.of(new BenchResult("gemm-64", Metric.GFLOPS, 10, 5, "")));
    JsonNode root = JSON.readTree(Files.readString(file));
    assertEquals(2, root.get("threads").intValue());
    assertEquals("gemm-64", root.get("results").get(0).get("workload").textValue());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
