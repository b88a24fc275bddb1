package org.probity.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.ExperimentRunner;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.run.RunFailedException;
import org.probity.cli.run.RunStore;
import org.probity.cli.spec.LoadedSpec;
import org.probity.core.metrics.Metrics;
import org.probity.federated.metrics.ClientDistribution;

/**
 * A trial as one ordinary run: the base spec plus the trial's overrides, run by
 * {@link ExperimentRunner} (central) or {@link FederatedRunner} (federated) into its own run folder under
 * trials/TRIAL-ID/, and the sweep's metric read from the chosen variant or strategy (the first
 * unless {@code sweep.arm} names one): a central trial is chosen by the metric on its validation
 * split and carries its test figure beside it; a federated one likewise by its clients' validation
 * accuracy (except worst_group_accuracy, which clients measure on test only). Every
 * trial keeps the spec's seed, so trials differ only by the swept values. Holds only strings, so a
 * cluster executor can ship it to workers.
 */
public final class SpecTrialWork implements TrialExecutor.Work {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String text;
  private final List<String> sets;
  private final String metric;
  private final String arm;
  private final String sweepDir;
  private transient SweepFile file;

  public SpecTrialWork(String source, String text, List<String> sets, String metric, String arm, Path sweepDir) {
    this.source = source;
    this.text = text;
    this.sets = new ArrayList<>(sets);
    this.metric = metric;
    this.arm = arm;
    this.sweepDir = sweepDir.toString();
  }

  private synchronized SweepFile file() {
    if (file == null) {
      file = SweepFile.parse(source, text, sets);
    }
    return file;
  }

  @Override
  public TrialResult run(Trial trial) {
    long t0 = System.nanoTime();
    Path dir = Path.of(sweepDir);
    RunStore store = new RunStore(dir.resolve(SweepStore.TRIAL_RUNS).resolve(trial.id()));
    try {
      LoadedSpec loaded = file().read(Catalog.reader(), trial.overrides());
      if (loaded.spec().isFederated()) {
        FederatedRunner.Outcome o = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded, store);
        FederatedRunner.StrategyOutcome s = o.strategies().get(index(o.strategies().stream()
            .map(FederatedRunner.StrategyOutcome::name).toList()));
        if (metric.equals("worst_group_accuracy")) {
          // Clients pool their groups' figures on test only, so this metric is still chosen on
          // test and has no separate test figure.
          return result(trial, s.worstGroupAccuracy(), Double.NaN, "strategy " + s.name(), dir, o.run().dir(), t0);
        }
        // Chosen on the clients' validation accuracy (the same models' as the test one), as central
        // trials are, so that the chosen trial's test figure is not the one it was chosen by.
        ClientDistribution validation = s.validationAccuracy();
        if (validation == null) {
          return TrialResult.failed(trial, rel(dir, o.run().dir()), seconds(t0), "strategy " + s.name()
              + " measured no validation accuracy (federated.split.validation is 0: a sweep chooses on a"
              + " validation split)");
        }
        return result(trial, clientMetric(validation), clientMetric(s.accuracy()), "strategy " + s.name(), dir,
            o.run().dir(), t0);
      }
      ExperimentRunner.Outcome o = new ExperimentRunner(Progress.none(), Clock.systemUTC()).run(loaded, store);
      ExperimentRunner.VariantOutcome vo = o.variants().get(index(o.variants().stream()
          .map(ExperimentRunner.VariantOutcome::name).toList()));
      // Chosen on validation, so that the test figure reported for the chosen trial is not the one
      // it was chosen by (which would be an optimistic estimate of how well it does).
      Metrics validation = vo.validation();
      if (validation == null || !validation.has(metric)) {
        return TrialResult.failed(trial, rel(dir, o.run().dir()), seconds(t0), "variant " + vo.name()
            + " measured no validation " + metric + (validation == null ? " (data.validation_fraction is 0: a sweep"
                + " chooses on a validation split)" : " (it has " + validation.values().keySet() + ")"));
      }
      Metrics test = vo.test();
      double t = test != null && test.has(metric) ? test.get(metric) : Double.NaN;
      return result(trial, validation.get(metric), t, "variant " + vo.name(), dir, o.run().dir(), t0);
    } catch (RunFailedException e) {
      return TrialResult.failed(trial, rel(dir, e.run().dir()), seconds(t0), oneLine(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return TrialResult.failed(trial, null, seconds(t0), oneLine(e.getMessage() == null ? e.toString()
          : e.getMessage()));
    }
  }

  /** The sweep's per-client metric of {@code d}: its mean, 10th percentile or minimum. */
  private double clientMetric(ClientDistribution d) {
    return switch (metric) {
      case "client_mean_accuracy" -> d.mean();
      case "client_p10_accuracy" -> d.p10();
      case "client_min_accuracy" -> d.min();
      default -> throw new IllegalArgumentException("sweep.metric: unknown federated metric '" + metric + "'");
    };
  }

  private TrialResult result(Trial t, double v, double test, String who, Path dir, Path run, long t0) {
    if (Double.isNaN(v)) {
      return TrialResult.failed(t, rel(dir, run), seconds(t0), who + " measured no " + metric);
    }
    return TrialResult.complete(t, v, test, rel(dir, run), seconds(t0));
  }

  private int index(List<String> names) {
    if (arm == null) {
      return 0;
    }
    int i = names.indexOf(arm);
    if (i < 0) {
      throw new IllegalArgumentException("sweep.arm: no variant or strategy '" + arm + "' in " + names);
    }
    return i;
  }

  private static String rel(Path dir, Path run) {
    return dir.relativize(run).toString().replace('\\', '/');
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
