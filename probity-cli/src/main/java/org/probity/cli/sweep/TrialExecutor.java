package org.probity.cli.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's trials run: the seam between the sweep (which decides what to run and records
 * what finished) and an execution engine. The default, {@link LocalTrialExecutor}, runs them on a
 * bounded pool of threads in this process; a cluster backend (Spark: one task per trial) implements
 * the same two methods. {@link Work} is {@link Serializable} for that reason: it carries only the
 * spec text and settings, never open files or live objects.
 */
public interface TrialExecutor extends AutoCloseable {
  /** Runs one trial and says how it went; it must not throw (a failure is a failed result). */
  interface Work extends Serializable {
    TrialResult run(Trial trial);
  }

  /**
   * Runs every trial of {@code trials} (in any order, several at once) and hands each result to
   * {@code done} as it finishes, from whatever thread; returns when all have finished.
   *
   * @throws InterruptedException when interrupted; trials already reported stay reported
   */
  void execute(List<Trial> trials, Work work, Consumer<TrialResult> done) throws InterruptedException;

  /** A short description for the command's first line ("2 threads in this process"). */
  String describe();

  @Override
  void close();
}
