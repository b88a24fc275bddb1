package org.probity.cli;

import org.probity.cli.bench.BenchRunner;
import org.probity.cli.bench.Workloads;

/**
 * The collaborators the commands use, gathered in one value so that tests can build the whole
 * command tree with their own (fake workloads, a short timing budget) and later commands add
 * theirs (the run store, the data folder) in one place.
 */
public record CliContext(Workloads workloads, BenchRunner benchRunner) {
  public static CliContext standard() {
    return new CliContext(Workloads.standard(), BenchRunner.standard());
  }
}
