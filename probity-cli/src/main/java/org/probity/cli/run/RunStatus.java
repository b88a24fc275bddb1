package org.probity.cli.run;

import java.util.Locale;

/**
 * How a run ended, as {@code probity runs list} shows it: complete, failed (an error is recorded
 * in summary.json), or incomplete (the INCOMPLETE marker is still there: the run is going, or was
 * killed before it could finish).
 */
public enum RunStatus {
  COMPLETE,
  FAILED,
  INCOMPLETE;

  /** The lower-case word used in summary.json and listings. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
