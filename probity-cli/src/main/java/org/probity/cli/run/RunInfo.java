package org.probity.cli.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One run as {@code probity runs list} shows it: id, experiment name, status, start time, the
 * headline test metric of each variant (accuracy for classification, RMSE for regression), and
 * the error of a failed run.
 */
public record RunInfo(String id, Path dir, String name, RunStatus status, Instant started, List<Headline> headlines,
    String error) {
  public RunInfo {
    headlines = List.copyOf(headlines);
  }

  /** A variant's headline metric; {@code value} is NaN when it was not measured. */
  public record Headline(String variant, String metric, double value) {}
}
