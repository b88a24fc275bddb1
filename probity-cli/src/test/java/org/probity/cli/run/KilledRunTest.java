package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL half way (no shutdown hook, no cleanup) keeps its INCOMPLETE marker,
 * is listed as incomplete, and leaves only whole files: metrics.jsonl has whole JSON lines.
 */
class KilledRunTest {
  @Test
  @Tag("slow")
  void aKilledRunStaysIncompleteWithWholeFiles(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("long.yaml");
    Files.writeString(spec, "name: long\ndata: {source: digits}\nmodel: {type: mlp, hidden: [256]}\n"
        + "train: {steps: 1000000, batch_size: 16, log_every: 1, eval_every: 1000}\n");
    Path runs = dir.resolve("runs");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), "org.probity.cli.Probity", "run", spec.toString(), "--out",
        runs.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    try {
      Path metrics = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        metrics = firstRun(runs) == null ? null : firstRun(runs).resolve(RunFolder.METRICS);
        if (metrics != null && Files.exists(metrics) && Files.readAllLines(metrics).size() > 20) {
          break;
        }
        assertTrue(p.isAlive(), () -> "the run ended early: " + read(dir.resolve("out.txt")));
        Thread.sleep(100);
      }
      assertTrue(metrics != null && Files.readAllLines(metrics).size() > 20, "training started within 60 s");
    } finally {
      p.destroyForcibly(); // SIGKILL: nothing in the JVM runs after it
      p.waitFor(30, TimeUnit.SECONDS);
    }
    Path run = firstRun(runs);
    assertTrue(Files.exists(run.resolve(RunFolder.INCOMPLETE)));
    ObjectMapper json = new ObjectMapper();
    assertTrue(json.readTree(run.resolve(RunFolder.PROVENANCE).toFile()).path("seed").isNumber());
    for (String line : Files.readAllLines(run.resolve(RunFolder.METRICS))) {
      assertTrue(json.readTree(line).has("step"), line);
    }
    List<RunInfo> list = new RunStore(runs).list();
    assertEquals(1, list.size());
    assertEquals(RunStatus.INCOMPLETE, list.get(0).status());
    assertEquals("long", list.get(0).name(), "named from spec.yaml");
  }

  private static Path firstRun(Path runs) throws Exception {
    if (!Files.isDirectory(runs)) {
      return null;
    }
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(Files::isDirectory).findFirst().orElse(null);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no output)";
    }
  }
}
