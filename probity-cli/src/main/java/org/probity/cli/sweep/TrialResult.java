package org.probity.cli.sweep;

import java.io.Serializable;

/**
 * What one trial gave: its status ({@code complete} or {@code failed}), the sweep's metric (NaN
 * when failed or not measured), the run folder relative to the sweep folder, the seconds it took
 * and, when failed, why. One line of trials.jsonl.
 */
public record TrialResult(Trial trial, String status, double value, String run, double seconds, String error)
    implements Serializable {
  public static final String COMPLETE = "complete";
  public static final String FAILED = "failed";

  public static TrialResult complete(Trial t, double value, String run, double seconds) {
    return new TrialResult(t, COMPLETE, value, run, seconds, null);
  }

  public static TrialResult failed(Trial t, String run, double seconds, String error) {
    return new TrialResult(t, FAILED, Double.NaN, run, seconds, error);
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }
}
