package org.probity.cli.progress;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Progress of long work (training steps, reproduction claims, a download), shown as a live bar
 * (me.tongfei:progressbar) when a person is watching a terminal and as periodic plain lines
 * otherwise, so logs of CI jobs and redirected runs stay readable instead of filling with
 * carriage returns. Commands ask {@link #auto} for the right one and report through {@link Task}.
 */
public interface Progress {
  /**
   * Starts a task of {@code total} units named {@code unit} ("steps"); a total of 0 or less means
   * unknown (an indeterminate bar, or a line every few seconds).
   */
  Task start(String label, long total, String unit);

  /** One piece of work being tracked. Closing it finishes the bar or prints the final line. */
  interface Task extends AutoCloseable {
    /** Sets the units done so far. */
    void stepTo(long done);

    /** A short status shown beside the bar and in the next log line ("loss 0.53"). */
    void message(String text);

    @Override
    void close();
  }

  /**
   * Bars on {@code terminal} when the JVM has a console (stdin and stdout are a terminal; bars go
   * to stdout because the launcher filters stderr line by line, which would hold back a bar's
   * carriage returns), otherwise a line on {@code log} every 10% or every 5 seconds.
   */
  static Progress auto(PrintStream terminal, PrintWriter log) {
    return System.console() != null ? new BarProgress(terminal) : new LogProgress(log, 5_000, System::nanoTime);
  }

  /** Tracks nothing (tests, and callers that print their own progress). */
  static Progress none() {
    return (label, total, unit) -> new Task() {
      @Override
      public void stepTo(long done) {}

      @Override
      public void message(String text) {}

      @Override
      public void close() {}
    };
  }
}
