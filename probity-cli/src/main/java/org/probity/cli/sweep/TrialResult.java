package org.probity.cli.sweep;

import java.io.Serializable;

/**
 * What one trial gave: its status ({@code complete} or {@code failed}), the sweep's metric as the
 * trial is chosen by (on the validation split, the clients' own for a federated spec; NaN when
 * failed or not measured), the same metric on the test split when that is a different figure (NaN
 * otherwise: a federated worst_group_accuracy is chosen on test), the run folder relative to the sweep
 * folder, the seconds it took and, when failed, why. One line of trials.jsonl.
 */
public record TrialResult(Trial trial, String status, double value, double test, String run, double seconds,
    String error) implements Serializable {
  public static final String COMPLETE = "complete";
  public static final String FAILED = "failed";

  /** A complete trial with no separate test figure. */
  public static TrialResult complete(Trial t, double value, String run, double seconds) {
    return complete(t, value, Double.NaN, run, seconds);
  }

  /** A complete trial chosen by {@code value} (validation), whose test figure is {@code test}. */
  public static TrialResult complete(Trial t, double value, double test, String run, double seconds) {
    return new TrialResult(t, COMPLETE, value, test, run, seconds, null);
  }

  public static TrialResult failed(Trial t, String run, double seconds, String error) {
    return new TrialResult(t, FAILED, Double.NaN, Double.NaN, run, seconds, error);
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }

  /** Whether the trial has a test figure apart from the one it is chosen by. */
  public boolean hasTest() {
    return !Double.isNaN(test);
  }
}
