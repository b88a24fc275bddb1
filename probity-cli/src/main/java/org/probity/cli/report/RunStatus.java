package org.probity.cli.report;

/**
 * The state a run folder is in, as the badge shows it: complete (summary.json says so), failed
 * (summary.json says so, with the error), or incomplete (no summary yet, or the INCOMPLETE marker a
 * killed run leaves behind).
 */
enum RunStatus {
  COMPLETE("complete"),
  INCOMPLETE("incomplete"),
  FAILED("failed");

  final String label;

  RunStatus(String label) {
    this.label = label;
  }
}
