package org.probity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.ExperimentRunner;
import org.probity.cli.run.FederatedExperimentData;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.run.FederatedTable;
import org.probity.cli.run.PrivacyOutcome;
import org.probity.cli.run.ResultTable;
import org.probity.cli.run.RunFolder;
import org.probity.cli.run.RunStore;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.LoadedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probity run [SPEC]}: reads an experiment spec (the bundled default demo without one),
 * applies {@code --set} overrides and {@code --seed}, trains every variant into a new run folder
 * under {@code --out} (or, for a spec with {@code federated:}, runs every strategy on the same
 * clients) and prints where the report is and a table of the variants' test metrics (of the
 * strategies' per-client accuracies).
 * A spec that cannot work exits 2 with its file, line and key path; a run that fails exits 1 and
 * its folder records the error.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs an experiment spec's variants or federated strategies into a run folder with a report.",
        "",
        "Central specs train their variants on one split; a spec with a federated: section runs",
        "its strategies on the same clients, splits, initial model and seeds.",
        "",
        "Without SPEC, runs the bundled demo: cross-silo federated learning on 12 rotated and",
        "patched digit silos, comparing Local, FedAvg, FedAvg + fine-tuning, Ditto and MR-MTL",
        "per silo.",
        ""},
    footer = {"",
        "Run folder runs/<yyyyMMdd-HHmmss-name>/: spec.yaml (the resolved spec),",
        "provenance.json, metrics.jsonl, summary.json, report.html,",
        "checkpoints/<variant or strategy>.safetensors, and INCOMPLETE while it runs (a",
        "killed run keeps it).",
        "Examples:",
        "  probity run examples/term-noisy-digits.yaml --seed 3",
        "  probity run --set train.epochs=20 examples/term-noisy-digits.yaml",
        "  probity run --set federated.rounds=10 --set federated.strategies.ditto.lambda=1"})
public final class RunCommand implements Callable<Integer> {
  /** The bundled default spec on the classpath. */
  public static final String DEFAULT_SPEC = "/specs/default.yaml";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
      description = "The experiment spec (YAML). Default: the bundled demo.")
  Path specFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a spec value, e.g. --set optimizer.lr=0.05, --set variants.term.objective.t=-0.5"
          + " or --set federated.rounds=5"
          + " (repeatable; values are YAML scalars).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
      description = "Folder that holds run folders (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Root seed, replacing the spec's seed.")
  Long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " is a file, not a folder");
    }
    LoadedSpec loaded = load(specFile, sets);
    if (seed != null) {
      loaded = loaded.withSeed(seed);
    }
    ExperimentSpec s = loaded.spec();
    if (s.isFederated()) {
      return federated(loaded, stdout, stderr);
    }
    ExperimentRunner.Prepared prepared = ExperimentRunner.prepare(loaded);
    stdout.printf(Locale.ROOT, "probity run: %s (%s), %d variant%s, seed %d; %s: %d training and %d test examples%n",
        s.name(), loaded.source(), s.variants().size(), s.variants().size() == 1 ? "" : "s", s.seed(),
        s.data().source(), prepared.data().train().size(), prepared.data().test().size());
    stdout.flush();
    for (String w : prepared.warnings()) {
      stderr.println("probity run: warning: " + w);
    }
    stderr.flush();
    ExperimentRunner runner = new ExperimentRunner(Progress.auto(System.out, stderr), Clock.systemUTC());
    ExperimentRunner.Outcome o = runner.run(prepared, new RunStore(out));
    stdout.printf(Locale.ROOT, "%nrun %s complete in %.1f s%n%n", o.run().id(), o.seconds());
    stdout.print(ResultTable.format(o.task(), o.variants()));
    stdout.print(PrivacyOutcome.format(o.privacy()));
    stdout.printf(Locale.ROOT, "%nreport: %s%n", o.run().file(RunFolder.REPORT));
    stdout.flush();
    return 0;
  }

  /** A spec with {@code federated:}: every strategy on the same clients, then the per-client table. */
  private int federated(LoadedSpec loaded, PrintWriter stdout, PrintWriter stderr) throws IOException {
    ExperimentSpec s = loaded.spec();
    FederatedRunner.Prepared prepared = FederatedRunner.prepare(loaded);
    FederatedExperimentData c = prepared.clients();
    int n = s.federated().strategies().size();
    stdout.printf(Locale.ROOT, "probity run: %s (%s), %d strateg%s, seed %d; %s: %d clients with %d training, %d"
            + " validation and %d test examples%s%n",
        s.name(), loaded.source(), n, n == 1 ? "y" : "ies", s.seed(), s.data().source(), c.clients().size(),
        c.trainSize(), c.validationSize(), c.testSize(),
        c.centralTest() == null ? "" : "; the server holds " + c.centralTestSize() + " for central evaluation");
    stdout.flush();
    int shown = Math.min(c.warnings().size(), 10);
    for (String w : c.warnings().subList(0, shown)) {
      stderr.println("probity run: warning: " + w);
    }
    if (c.warnings().size() > shown) {
      stderr.println("probity run: warning: and " + (c.warnings().size() - shown)
          + " more like these (all of them are in the run's summary.json)");
    }
    stderr.flush();
    FederatedRunner runner = new FederatedRunner(Progress.auto(System.out, stderr), Clock.systemUTC());
    FederatedRunner.Outcome o = runner.run(prepared, new RunStore(out));
    stdout.printf(Locale.ROOT, "%nrun %s complete in %.1f s%n%n", o.run().id(), o.seconds());
    stdout.print(FederatedTable.format(o.strategies()));
    for (FederatedRunner.StrategyOutcome r : o.strategies()) {
      if (r.constraint() != null) {
        stdout.printf(Locale.ROOT, "%s: %s%n", r.name(), r.constraint());
      }
    }
    stdout.print(PrivacyOutcome.format(o.privacy()));
    stdout.printf(Locale.ROOT, "%nreport: %s%n", o.run().file(RunFolder.REPORT));
    stdout.flush();
    return 0;
  }

  /** The spec in {@code file} (the bundled default when null) with the overrides applied. */
  static LoadedSpec load(Path file, List<String> sets) throws IOException {
    String source;
    String text;
    if (file == null) {
      source = "default.yaml (bundled)";
      try (InputStream in = RunCommand.class.getResourceAsStream(DEFAULT_SPEC)) {
        if (in == null) {
          throw new IllegalStateException("the bundled spec " + DEFAULT_SPEC + " is missing from the jar");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } else {
      source = file.toString();
      if (!Files.exists(file)) {
        throw new BadInputException("spec file " + file + " does not exist");
      }
      if (!Files.isRegularFile(file)) {
        throw new BadInputException("spec " + file + " is not a file");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    }
    return Catalog.reader().read(source, text, sets);
  }
}
