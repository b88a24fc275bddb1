package org.probity.cli.bench;

import java.util.function.Consumer;

/**
 * One benchmark of the {@code probity bench} command. A workload measures its fast path and its
 * fallback in the same run through the context's {@link BenchRunner}, and hands each finished row
 * to {@code sink} at once so that a long bench shows progress. One workload may produce several
 * rows (gemm gives one per matrix size). Later modules add workloads to {@link Workloads}; the
 * table and JSON format stay the same.
 */
public interface Workload {
  /** The name given on the command line ("gemm", "mlp-step"). */
  String name();

  /** One line for {@code probity bench --list}. */
  String description();

  /** Measures and emits rows; restores any global setting (kernel backend, threads) it changed. */
  void run(BenchContext ctx, Consumer<BenchResult> sink);

  /**
   * As {@link #run(BenchContext, Consumer)}, also handing {@code notes} lines for after the table:
   * figures that are not a fast-versus-fallback pair (fl-round's retained heap) and so have no row.
   * The command calls this one; the default has no notes.
   */
  default void run(BenchContext ctx, Consumer<BenchResult> sink, Consumer<String> notes) {
    run(ctx, sink);
  }
}
