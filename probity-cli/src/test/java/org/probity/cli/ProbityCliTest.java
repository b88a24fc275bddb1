package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.bench.BenchContext;
import org.probity.cli.bench.BenchResult;
import org.probity.cli.bench.BenchRunner;
import org.probity.cli.bench.Metric;
import org.probity.cli.bench.Workload;
import org.probity.cli.bench.Workloads;
import picocli.CommandLine;

/** The command tree end to end, with fake workloads so nothing is timed. */
class ProbityCliTest {
  /** A workload that returns fixed figures and counts its runs. */
  static final class Fake implements Workload {
    final String name;
    final RuntimeException failure;
    int runs;
    BenchContext seen;

    Fake(String name, RuntimeException failure) {
      this.name = name;
      this.failure = failure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "fake " + name;
    }

    @Override
    public void run(BenchContext ctx, Consumer<BenchResult> sink) {
      runs++;
      seen = ctx;
      if (failure != null) {
        throw failure;
      }
      sink.accept(new BenchResult(name + "-a", Metric.GFLOPS, 40, 10, "fast vs slow"));
      sink.accept(new BenchResult(name + "-b", Metric.MS, 1, 3, "fast vs slow"));
    }
  }

  private final Fake alpha = new Fake("alpha", null);
  private final Fake beta = new Fake("beta", null);
  private final Fake broken = new Fake("broken", new IllegalStateException("kernel exploded\nsecond line"));
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Probity.commandLine(new CliContext(new Workloads(List.of(alpha, beta, broken)),
        new BenchRunner(BenchRunner.Budget.minimal(1))));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Test
  void benchRunsTheNamedWorkloadsAndWritesTheJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench.json");
    assertEquals(0, run("bench", "beta", "alpha", "--threads", "3", "--json", file.toString()));
    assertEquals(1, alpha.runs);
    assertEquals(1, beta.runs);
    assertEquals(0, broken.runs);
    assertEquals(3, alpha.seen.kernelThreads());
    assertEquals(3, alpha.seen.parallelThreads());
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    assertEquals(3, root.get("threads").intValue());
    JsonNode results = root.get("results");
    assertEquals(4, results.size());
    assertEquals("beta-a", results.get(0).get("workload").textValue());
    assertEquals("alpha-b", results.get(3).get("workload").textValue());
    assertEquals("ms", results.get(3).get("metric").textValue());
    assertEquals(3.0, results.get(3).get("fallback").doubleValue());
    String table = out.toString();
    assertTrue(table.contains("alpha-a") && table.contains("4.00x"), table);
    assertTrue(table.contains("3.00x"), "ms rows: speed-up is fallback / fast\n" + table);
    assertEquals("", err.toString());
  }

  @Test
  void withoutNamesEveryWorkloadRunsAndThreadsDefaultToOneForKernels() {
    Fake onlyOk = new Fake("ok", null);
    CommandLine cl = Probity.commandLine(new CliContext(new Workloads(List.of(onlyOk)),
        new BenchRunner(BenchRunner.Budget.minimal(1))));
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute("bench"));
    assertEquals(1, onlyOk.runs);
    assertEquals(1, onlyOk.seen.kernelThreads());
    assertEquals(Runtime.getRuntime().availableProcessors(), onlyOk.seen.parallelThreads());
  }

  @Test
  void unknownWorkloadIsBadInputOnOneLineAndRunsNothing() {
    assertEquals(2, run("bench", "alpha", "nonesuch"));
    assertEquals(0, alpha.runs);
    List<String> lines = errLines();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("probity bench: unknown workload 'nonesuch'"), lines.get(0));
    assertTrue(lines.get(0).contains("alpha, beta, broken"), lines.get(0));
  }

  @Test
  void badThreadCountsAreBadInputOnOneLine() {
    for (String bad : new String[] {"0", "-2", "abc", "1.5", "100000"}) {
      StringWriter e = new StringWriter();
      CommandLine cl = Probity.commandLine(new CliContext(new Workloads(List.of(alpha)),
          new BenchRunner(BenchRunner.Budget.minimal(1))));
      cl.setOut(new PrintWriter(new StringWriter(), true));
      cl.setErr(new PrintWriter(e, true));
      assertEquals(2, cl.execute("bench", "--threads", bad), "--threads " + bad);
      List<String> lines = e.toString().lines().toList();
      assertEquals(1, lines.size(), e.toString());
      assertTrue(lines.get(0).contains("--threads"), lines.get(0));
    }
    assertEquals(0, alpha.runs);
  }

  @Test
  void unknownOptionsAndCommandsAreBadInput() {
    assertEquals(2, run("bench", "--frobnicate"));
    assertEquals(2, run("frobnicate"));
    assertEquals(2, errLines().size(), err.toString());
  }

  @Test
  void jsonIntoAMissingFolderIsRefusedBeforeMeasuring(@TempDir Path dir) {
    assertEquals(2, run("bench", "alpha", "--json", dir.resolve("no/such/dir/x.json").toString()));
    assertEquals(0, alpha.runs);
    assertEquals(1, errLines().size(), err.toString());
    assertEquals(2, run("bench", "alpha", "--json", dir.toString()));
    assertEquals(0, alpha.runs);
  }

  @Test
  void aFailingWorkloadExitsOneWithOneLine() {
    assertEquals(1, run("bench", "broken"));
    List<String> lines = errLines();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).contains("kernel exploded second line"), lines.get(0));
  }

  @Test
  void listNamesTheWorkloads() {
    assertEquals(0, run("bench", "--list"));
    assertTrue(out.toString().contains("alpha") && out.toString().contains("fake beta"), out.toString());
    assertEquals(0, alpha.runs);
  }

  @Test
  void versionAndHelpExitZero() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("probity " + VersionProvider.version()), out.toString());
    assertFalse(VersionProvider.version().equals("unknown"), "version.properties must be filtered");
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("bench"), out.toString());
    assertEquals(0, run("bench", "--help"));
    assertEquals(0, run());
    assertEquals("", err.toString());
  }
}
