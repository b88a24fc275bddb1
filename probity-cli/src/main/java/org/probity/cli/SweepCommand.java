package org.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.probity.cli.files.AtomicFiles;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.Json;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecReader;
import org.probity.cli.spec.SpecWriter;
import org.probity.cli.sweep.EngineTrialExecutor;
import org.probity.cli.sweep.LocalTrialExecutor;
import org.probity.cli.sweep.SpecTrialWork;
import org.probity.cli.sweep.SweepDriver;
import org.probity.cli.sweep.SweepFile;
import org.probity.cli.sweep.SweepReport;
import org.probity.cli.sweep.SweepSpec;
import org.probity.cli.sweep.SweepStore;
import org.probity.cli.sweep.SweepTable;
import org.probity.cli.sweep.Trial;
import org.probity.cli.sweep.TrialExecutor;
import org.probity.cli.sweep.TrialResult;
import org.probity.federated.ParallelTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probity sweep SPEC}: a hyper-parameter sweep described by the spec's {@code sweep:}
 * section (grid search, random search after Bergstra and Bengio 2012, or successive halving after
 * Jamieson and Talwalkar 2016) over any spec keys. Each trial is the spec plus {@code --set}
 * overrides, run as an ordinary run into the sweep folder, several at a time (in this process, or one
 * Spark job per trial with {@code --executor spark}); the command prints
 * each trial as it finishes, then the table, the best configuration as flags and the report's
 * path. Trials are chosen on their validation split (a federated trial on its clients'), and the
 * table shows the test score beside it, so the chosen configuration's test score is not the one it
 * was chosen by (a federated worst_group_accuracy, measured on test only, is the exception). Rerunning
 * the same command (or {@code --resume DIR}) runs only the trials not yet complete.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs a spec's hyper-parameter sweep (grid, random or successive halving), resumably.",
        "The spec's sweep: section says which keys, their values, the search and the metric.",
        "Every trial is one run of the spec with --set overrides. Interrupted sweeps resume:",
        "completed trials are not run again.",
        ""},
    footer = {"",
        "sweep: section (in the spec):",
        "  method: grid | random | halving         (default grid)",
        "  params: {optimizer.lr: [0.01, 0.1], federated.strategies.ditto.lambda: {log_uniform: [0.01, 1]}}",
        "          (a list of values, or uniform / log_uniform / int_uniform: [low, high])",
        "  trials: 8                               (random and halving: configurations drawn)",
        "  metric: accuracy                        (central: accuracy, loss, rmse, worst_group_accuracy, ...,",
        "                                           on the validation split: data.validation_fraction is required;",
        "                                           federated: client_mean_accuracy, client_p10_accuracy, ...,",
        "                                           on the clients' validation splits: federated.split.validation",
        "                                           is required, except for worst_group_accuracy (test only))",
        "  goal: maximize | minimize               (default from the metric)",
        "  arm: NAME                               (the variant or strategy measured; default the first)",
        "  parallel: 2                             (trials at a time)",
        "  seed: 1                                 (the search's seed; each run keeps the spec's seed)",
        "  halving: {eta: 3, min_budget: 1, max_budget: 9, budget_key: train.epochs}",
        "",
        "Sweep folder OUT/NAME/: sweep.json, trials.jsonl (one line per finished trial),",
        "trials/TRIAL-ID/<run folder>, report.html (one chart per swept key).",
        "Examples:",
        "  probity sweep examples/sweep-digits.yaml",
        "  probity sweep examples/sweep-digits.yaml --set sweep.method=random --set sweep.trials=6",
        "  probity sweep --resume runs/sweep-digits-sweep",
        "  PROBITY_SPARK=1 probity sweep examples/sweep-digits.yaml --executor spark --master local[2]"})
public final class SweepCommand implements Callable<Integer> {
  private static final String SPEC_COPY = "sweep-spec.yaml";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
      description = "The spec with a sweep: section (optional with --resume).")
  Path specFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a spec or sweep value, e.g. --set train.epochs=5 or --set sweep.parallel=1"
          + " (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
      description = "Folder that holds the sweep folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The sweep folder's name (default: the spec's name + '-sweep'); the same name resumes.")
  String name;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Resume the sweep in DIR (its spec and --set values are read from it when SPEC is not given).")
  Path resume;

  @Option(names = "--parallel", paramLabel = "N", description = "Trials at a time, replacing sweep.parallel.")
  Integer parallel;

  @Option(names = "--executor", paramLabel = "NAME", defaultValue = "local",
      description = "Where trials run: local (threads in this process; default) or spark (one Spark job per"
          + " trial; the launcher needs PROBITY_SPARK=1).")
  String executorName;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --executor spark: the Spark master (default local[*]; e.g. local[2], spark://host:7077)."
          + " On a cluster --out must be a folder every executor mounts at the same path.")
  String master;

  private final IntFunction<TrialExecutor> executors;

  public SweepCommand() {
    this(LocalTrialExecutor::new);
  }

  /** With another way to run trials (a cluster); it gets sweep.parallel. */
  public SweepCommand(IntFunction<TrialExecutor> executors) {
    this.executors = executors;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    checkExecutor();
    String source;
    String text;
    List<String> allSets = new ArrayList<>();
    if (resume != null && !Files.isDirectory(resume)) {
      throw new BadInputException("--resume " + resume + ": no such sweep folder");
    }
    if (specFile == null) {
      if (resume == null) {
        throw new BadInputException("give a SPEC with a sweep: section, or --resume DIR");
      }
      Path copy = resume.resolve(SPEC_COPY);
      Path def = resume.resolve(SweepStore.SWEEP);
      if (!Files.isRegularFile(copy) || !Files.isRegularFile(def)) {
        throw new BadInputException("--resume " + resume + ": not a sweep folder (no " + SPEC_COPY + " or "
            + SweepStore.SWEEP + ")");
      }
      text = Files.readString(copy, StandardCharsets.UTF_8);
      JsonNode d = Json.MAPPER.readTree(def.toFile());
      source = d.path("source").asText(copy.toString());
      d.path("sets").forEach(n -> allSets.add(n.asText()));
    } else {
      if (!Files.isRegularFile(specFile)) {
        throw new BadInputException("spec file " + specFile + (Files.exists(specFile) ? " is not a file"
            : " does not exist"));
      }
      source = specFile.toString();
      text = Files.readString(specFile, StandardCharsets.UTF_8);
    }
    allSets.addAll(sets);
    SpecReader reader = Catalog.reader();
    SweepFile file = SweepFile.parse(source, text, allSets);
    SweepSpec sweep = file.sweep(reader);
    if (parallel != null) {
      if (parallel < 1) {
        throw new BadInputException("--parallel: expected at least 1, got " + parallel);
      }
      sweep = new SweepSpec(sweep.method(), sweep.params(), sweep.trials(), sweep.metric(), sweep.maximize(),
          sweep.arm(), parallel, sweep.seed(), sweep.halving());
    }
    LoadedSpec base = file.read(reader, List.of());
    if (!executorName.equals("local") && base.spec().isFederated() && base.spec().federated().backend().spark()) {
      throw new BadInputException("--executor " + executorName + ": the spec's federated.backend.kind is spark, and a"
          + " trial running as a Spark task cannot start a Spark context of its own; sweep it with backend kind"
          + " inprocess (each trial is then one Spark task) or with --executor local");
    }
    Path dir = resume != null ? resume : out.resolve(sweepName(base));
    if (resume == null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " is a file, not a folder");
    }
    SweepStore store;
    try {
      store = SweepStore.open(dir, fingerprint(base, sweep), sweep.metric());
    } catch (IllegalStateException e) {
      throw new BadInputException(e.getMessage());
    }
    if (!Files.exists(dir.resolve(SPEC_COPY))) {
      AtomicFiles.write(dir.resolve(SPEC_COPY), text);
      var d = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(dir.resolve(SweepStore.SWEEP)
          .toFile());
      d.put("source", source);
      var arr = d.putArray("sets");
      allSets.forEach(arr::add);
      AtomicFiles.write(dir.resolve(SweepStore.SWEEP), Json.pretty(d));
    }
    String title = "sweep " + dir.getFileName();
    try (TrialExecutor executor = openExecutor(sweep.parallel())) {
      stdout.printf(Locale.ROOT, "probity sweep: %s (%s); %s; metric %s%s (%s); %s%nsweep folder: %s%n",
          base.spec().name(), source, describe(sweep), sweep.metric(), base.spec().isFederated()
              && sweep.metric().equals("worst_group_accuracy") ? " on test" : " on validation",
          sweep.maximize() ? "maximize" : "minimize", executor.describe(), dir);
      if (store.completed() > 0) {
        stdout.printf(Locale.ROOT, "resuming: %d trial%s already complete%n", store.completed(),
            store.completed() == 1 ? "" : "s");
      }
      stdout.flush();
      SpecTrialWork work = new SpecTrialWork(source, text, allSets, sweep.metric(), sweep.arm(), dir);
      SweepDriver.Outcome o = new SweepDriver(sweep, store, executor).run(work, listener(stdout, sweep));
      stdout.printf(Locale.ROOT, "%n%d trial%s run now, %d reused from earlier%n%n", o.ran(), o.ran() == 1 ? "" : "s",
          o.reused());
      stdout.print(SweepTable.format(sweep, o.trials(), o.best()));
      Path report = SweepReport.write(dir, title, sweep, o.trials(), o.best());
      if (o.best() != null) {
        stdout.printf(Locale.ROOT, "%nbest: %s (trial %s) with%n  %s%n", figures(sweep, o.best()),
            o.best().trial().id(), SweepTable.flags(o.best().trial()));
        if (o.best().run() != null) {
          stdout.printf(Locale.ROOT, "rerun it: probity run %s%n", dir.resolve(o.best().run()).resolve("spec.yaml"));
        }
      }
      stdout.printf(Locale.ROOT, "%nreport: %s%n", report);
      stdout.flush();
      if (o.best() == null) {
        throw new IllegalStateException("no trial completed; the table above and trials.jsonl in " + dir
            + " say why");
      }
      return 0;
    }
  }

  /** --executor and --master make sense and the engine is on the classpath: checked before any folder. */
  private void checkExecutor() {
    if (executorName.equals("local")) {
      if (master != null) {
        throw new BadInputException("--master " + master + ": only used with --executor spark");
      }
      return;
    }
    if (!executorName.equals("spark")) {
      throw new BadInputException("--executor: expected local or spark, got '" + executorName + "'");
    }
    try {
      ParallelTasks.find(executorName);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--executor spark: Spark is not on the classpath (" + e.getMessage()
          + "); run the sweep with PROBITY_SPARK=1 ./probity sweep ...");
    }
  }

  /** The local pool (or the one given to the constructor), or a distributed engine by --executor. */
  private TrialExecutor openExecutor(int parallel) {
    checkExecutor();
    if (executorName.equals("local")) {
      return executors.apply(parallel);
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (master != null) {
      options.put("master", master);
    }
    try {
      return EngineTrialExecutor.open(executorName, parallel, options);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--executor " + executorName + ": " + e.getMessage());
    }
  }

  private String sweepName(LoadedSpec base) {
    String n = name != null ? name : base.spec().name() + "-sweep";
    if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new BadInputException("--name: expected letters, digits, '.', '_' and '-' (at most 64), got '" + n + "'");
    }
    return n;
  }

  private static SweepDriver.Listener listener(PrintWriter stdout, SweepSpec sweep) {
    AtomicInteger done = new AtomicInteger();
    return new SweepDriver.Listener() {
      int total;

      @Override
      public synchronized void rung(int rung, int rungs, List<Trial> trials, int toRun) {
        total = trials.size();
        done.set(trials.size() - toRun);
        if (rungs > 1) {
          stdout.printf(Locale.ROOT, "rung %d/%d: %d trial%s at %s=%s, %d to run%n", rung + 1, rungs, trials.size(),
              trials.size() == 1 ? "" : "s", sweep.halving().budgetKey(),
              trials.isEmpty() ? "-" : trials.get(0).budget(), toRun);
          stdout.flush();
        }
      }

      @Override
      public synchronized void finished(TrialResult r) {
        int k = done.incrementAndGet();
        String what = r.isComplete() ? figures(sweep, r) : "failed: " + r.error();
        stdout.printf(Locale.ROOT, "  [%d/%d] %s %s: %s (%.1f s)%n", k, total, r.trial().id(),
            String.join(" ", r.trial().overrides()), what, r.seconds());
        stdout.flush();
      }
    };
  }

  /** "val_accuracy 0.9500, test_accuracy 0.9400" (chosen on validation), else "accuracy 0.9500". */
  private static String figures(SweepSpec sweep, TrialResult r) {
    return r.hasTest() ? String.format(Locale.ROOT, "val_%s %.4f, test_%s %.4f", sweep.metric(), r.value(),
        sweep.metric(), r.test()) : String.format(Locale.ROOT, "%s %.4f", sweep.metric(), r.value());
  }

  private static String describe(SweepSpec s) {
    return switch (s.method()) {
      case GRID -> "grid search, " + s.trials() + " configurations";
      case RANDOM -> "random search, " + s.trials() + " configurations";
      case HALVING -> "successive halving, " + s.trials() + " configurations, " + s.halving().budgetKey() + " "
          + s.halving().budgets();
    };
  }

  /** The base spec as resolved and the measured arm: what trials.jsonl's results depend on. */
  static String fingerprint(LoadedSpec base, SweepSpec sweep) {
    String canon = SpecWriter.write(base.spec()) + "\narm=" + sweep.arm();
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canon.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
