package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probity sweep --executor spark}: a 2x2 grid run as one Spark job per trial in
 * {@code local[2]} gives every trial the metric the local thread pool gives it, records trials as
 * they finish, and resumes running only the missing trials; bad executor flags, and a spec that
 * would start a Spark context inside a Spark task, exit 2 before any folder is made.
 */
class SweepSparkTest {
  /** Trial id to metric, from a sweep folder's trials.jsonl (every line complete). */
  private static Map<String, Double> values(Path sweep) throws IOException {
    Map<String, Double> m = new TreeMap<>();
    for (String l : Files.readAllLines(sweep.resolve("trials.jsonl"))) {
      JsonNode o = SweepCommandTest.JSON.readTree(l);
      assertEquals("complete", o.get("status").asText(), l);
      m.put(o.get("id").asText(), o.get("value").asDouble());
    }
    return m;
  }

  @Test
  @Tag("slow")
  @Timeout(240)
  void sparkTrialsGiveTheLocalMetricsAndResume(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "tiny.yaml", SweepCommandTest.SPEC);
    Cli local = Cli.run("sweep", spec.toString(), "--out", dir.resolve("local").toString());
    assertEquals(0, local.code, local.toString());
    Cli spark = Cli.run("sweep", spec.toString(), "--out", dir.resolve("spark").toString(), "--executor", "spark",
        "--master", "local[2]");
    assertEquals(0, spark.code, spark.toString());
    assertTrue(spark.out().contains("spark local[2], 2 tasks at a time"), spark.out());
    Path sweep = dir.resolve("spark").resolve("tiny-sweep");
    Map<String, Double> expected = values(dir.resolve("local").resolve("tiny-sweep"));
    Map<String, Double> got = values(sweep);
    assertEquals(4, expected.size());
    // Same spec, seed and overrides; only the thread differs, and training is deterministic per run.
    assertEquals(expected, got, spark.out());
    assertEquals(4, SweepCommandTest.runFolders(sweep).size());

    // Interrupted after two trials: only the other two run again, on Spark.
    List<String> lines = Files.readAllLines(sweep.resolve("trials.jsonl"));
    Files.write(sweep.resolve("trials.jsonl"), lines.subList(0, 2));
    Cli again = Cli.run("sweep", spec.toString(), "--out", dir.resolve("spark").toString(), "--executor", "spark",
        "--master", "local[2]");
    assertEquals(0, again.code, again.toString());
    assertTrue(again.out().contains("resuming: 2 trials already complete"), again.out());
    assertTrue(again.out().contains("2 trials run now, 2 reused"), again.out());
    assertEquals(6, SweepCommandTest.runFolders(sweep).size(), "two more runs, not four");
    assertEquals(expected, values(sweep));
  }

  @Test
  void badExecutorFlagsExitTwoBeforeAnyFolder(@TempDir Path dir) throws Exception {
    Path spec = RunCommandTest.write(dir, "tiny.yaml", SweepCommandTest.SPEC);
    Path out = dir.resolve("runs");
    Cli name = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--executor", "yarn");
    assertEquals(2, name.code, name.toString());
    assertTrue(name.err().contains("--executor: expected local or spark, got 'yarn'"), name.err());
    Cli master = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(2, master.code, master.toString());
    assertTrue(master.err().contains("--master local[2]: only used with --executor spark"), master.err());
    Path fed = RunCommandTest.write(dir, "fed.yaml", String.join("\n",
        "name: fed",
        "data: {source: rotated-patched-digits, options: {silos: 4}}",
        "model: {type: softmax}",
        "federated:",
        "  rounds: 1",
        "  clients_per_round: 2",
        "  strategies: [{kind: fedavg}]",
        "  backend: {kind: spark, master: 'local[2]'}",
        "sweep:",
        "  params:",
        "    federated.rounds: [1, 2]",
        "  metric: client_mean_accuracy",
        ""));
    Cli nested = Cli.run("sweep", fed.toString(), "--out", out.toString(), "--executor", "spark");
    assertEquals(2, nested.code, nested.toString());
    assertTrue(nested.err().contains("federated.backend.kind is spark"), nested.err());
    assertFalse(Files.exists(out), "no sweep folder for a bad command");
  }
}
