package org.probity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.cli.bench.BenchContext;
import org.probity.cli.bench.BenchJson;
import org.probity.cli.bench.BenchResult;
import org.probity.cli.bench.BenchRunner;
import org.probity.cli.bench.BenchTable;
import org.probity.cli.bench.Workload;
import org.probity.cli.bench.Workloads;
import org.probity.federated.FederationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code probity bench}: measures the engine's fast paths against their plain fallbacks in the same
 * process (DESIGN §7: every claim of speed is a ratio against a baseline from the same run) and
 * prints them side by side, optionally also as JSON for the README and for regression checks.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Measures the fast paths against their plain-loop fallbacks in the same run.",
        "",
        "Each row puts the fast path beside its fallback, with the speed-up: how many times better the"
            + " fast column is (fast / fallback for rates, fallback / fast for ms).",
        "Workloads: gemm (GFLOPS at n = 64, 256, 1024; vector vs plain-loop kernel), mlp-step and"
            + " mlp-step-per-example (ms per SGD step of a 784-256-10 MLP, batch 64; vector vs plain-loop"
            + " kernel), parallel-small (model-steps/s of 64 independent 64-32-10 MLPs; N worker threads"
            + " vs 1), fl-round (client updates/s of one FedAvg round, 100 Synthetic(1,1) clients, softmax;"
            + " N worker threads vs 1; then the retained heap after rounds 10 and 200 of a 1,000-client"
            + " federation, printed after the table), fl-deploy (client updates/s of 20 rounds with 50 sites:"
            + " 1 gRPC server and 50 pulling clients on loopback vs the in-process simulation of the same"
            + " federation; then rounds/min, errors, heap and bytes per round).",
        ""},
    footer = {"",
        "JSON written by --json FILE (atomically; threads = the kernel threads):",
        "  {\"threads\": 1, \"results\": [",
        "    {\"workload\": \"gemm-256\", \"metric\": \"gflops\", \"fast\": 98.1,",
        "     \"fallback\": 27.0}, ...]}",
        "Rows: gemm-64, gemm-256, gemm-1024 (gflops); mlp-step,",
        "  mlp-step-per-example (ms); parallel-small (steps_per_s);",
        "  fl-round, fl-deploy (updates_per_s); with --backend spark, fl-round gives",
        "  fl-round-spark and fl-round-spark-1000 (updates_per_s; fast = spark,",
        "  fallback = in-process) and a note with the overhead and start-up time."})
public final class BenchCommand implements Callable<Integer> {
  /** More threads than this is a typo, not a machine. */
  static final int MAX_THREADS = 1024;

  private final Workloads workloads;
  private final BenchRunner runner;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "WORKLOAD", arity = "0..*",
      description = "Workloads to run, in the order given (default: all; see --list).")
  List<String> names = new ArrayList<>();

  private Integer threads;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path json;

  @Option(names = "--list", description = "List the workloads and exit.")
  boolean list;

  @Option(names = "--backend", paramLabel = "KIND",
      description = "The federated backend fl-round measures: inprocess (default: N threads vs 1) or spark (the Spark"
          + " engine on local[N] beside the in-process backend with N threads, at 100 and 1,000 clients per round;"
          + " needs Spark on the classpath: PROBITY_SPARK=1).")
  String backend = BenchContext.INPROCESS;

  public BenchCommand(Workloads workloads, BenchRunner runner) {
    this.workloads = workloads;
    this.runner = runner;
  }

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for the GEMM kernels in gemm and mlp-step* (default: 1), and the worker count"
          + " parallel-small and fl-round compare with one thread (default: all available processors).")
  void setThreads(int n) {
    if (n < 1 || n > MAX_THREADS) {
      throw new ParameterException(spec.commandLine(),
          "--threads must be between 1 and " + MAX_THREADS + ", got " + n);
    }
    threads = n;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (Workload w : workloads.all()) {
        out.printf(Locale.ROOT, "%-22s %s%n", w.name(), w.description());
      }
      out.flush();
      return 0;
    }
    List<Workload> chosen = resolve();
    checkBackend(chosen);
    checkJsonTarget();

    int kernelThreads = threads == null ? 1 : threads;
    int parallelThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    BenchContext ctx = new BenchContext(kernelThreads, parallelThreads, runner, backend);
    out.printf(Locale.ROOT, "probity bench: kernel threads %d, parallel threads %d; %d processors, JVM %s%n%n",
        kernelThreads, parallelThreads, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.runtime.version"));

    BenchTable table = new BenchTable(out);
    table.header();
    List<BenchResult> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Workload w : chosen) {
      w.run(ctx, r -> {
        results.add(r);
        table.row(r);
      }, notes::add);
    }
    out.println();
    out.println("speed-up = fast / fallback for rates, fallback / fast for ms: above 1 means the fast path wins.");
    for (String note : notes) {
      out.println(note);
    }
    if (json != null) {
      BenchJson.write(json, kernelThreads, results);
      out.println("wrote " + json);
    }
    out.flush();
    return 0;
  }

  /** The named workloads in the order given, duplicates dropped; all of them when none is named. */
  private List<Workload> resolve() {
    if (names.isEmpty()) {
      return workloads.all();
    }
    List<Workload> chosen = new ArrayList<>();
    for (String n : new LinkedHashSet<>(names)) {
      Workload w = workloads.get(n);
      if (w == null) {
        throw new ParameterException(spec.commandLine(),
            "unknown workload '" + n + "'; known: " + String.join(", ", workloads.names()));
      }
      chosen.add(w);
    }
    return chosen;
  }

  /**
   * Fails before any measurement when {@code --backend} is unknown, names spark without fl-round
   * among the workloads, or names spark while the engine is not on the classpath.
   */
  private void checkBackend(List<Workload> chosen) {
    if (BenchContext.INPROCESS.equals(backend)) {
      return;
    }
    if (!BenchContext.SPARK.equals(backend)) {
      throw new ParameterException(spec.commandLine(), "--backend must be " + BenchContext.INPROCESS + " or "
          + BenchContext.SPARK + ", got '" + backend + "'");
    }
    if (chosen.stream().noneMatch(w -> w.name().equals("fl-round"))) {
      throw new ParameterException(spec.commandLine(), "--backend spark: only fl-round has a spark variant; run"
          + " 'probity bench fl-round --backend spark'");
    }
    try {
      FederationEngine.find(BenchContext.SPARK);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--backend spark: " + e.getMessage() + "; run with"
          + " PROBITY_SPARK=1 (PROBITY_SPARK=1 ./probity bench fl-round --backend spark), which puts probity-spark and"
          + " Spark's jars on the classpath");
    }
  }

  /** Fails before the (long) measurement, not after it, when the JSON file cannot be written. */
  private void checkJsonTarget() {
    if (json == null) {
      return;
    }
    Path target = json.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new ParameterException(spec.commandLine(), "--json " + json + " is a directory, not a file");
    }
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--json " + json + ": folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new ParameterException(spec.commandLine(), "--json " + json + ": folder " + dir + " is not writable");
    }
  }
}
