package org.probity.cli.report;

/**
 * Something the report could not show as intended: a missing file, a malformed file (with the
 * 1-based line of the error, 0 when the whole file is at fault), a metrics line that was skipped,
 * a chart that failed to draw. The page lists them under "Notes" so a reader knows what the
 * numbers rest on, and counts the skipped lines.
 *
 * @param skippedLine whether this is one line of a line-oriented file that was left out
 */
record Problem(String file, int line, String message, boolean skippedLine) {
  /** A problem with a whole file, or with the page when {@code file} is empty. */
  static Problem of(String file, String message) {
    return new Problem(file, 0, message, false);
  }

  /** A problem at a line of a file that was otherwise read as a whole (or not at all). */
  static Problem at(String file, int line, String message) {
    return new Problem(file, line, message, false);
  }

  /** A line of a line-oriented file that was skipped. */
  static Problem skipped(String file, int line, String message) {
    return new Problem(file, line, message, true);
  }

  /** "metrics.jsonl:12: message", "summary.json: message", or just the message. */
  String describe() {
    if (file == null || file.isEmpty()) {
      return message;
    }
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
