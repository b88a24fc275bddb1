package org.probity.cli.bench;

/**
 * What a workload is given: how many threads the GEMM kernels may use ({@code kernelThreads}), how
 * many worker threads the parallel workloads compare against one, the runner that does the
 * timing, and the federated backend fl-round measures ({@code inprocess}, or {@code spark} to put
 * the Spark engine beside the in-process one). Passing these in, rather than reading globals, keeps
 * the workloads testable.
 */
public record BenchContext(int kernelThreads, int parallelThreads, BenchRunner runner, String backend) {
  /** The backends {@code --backend} accepts. */
  public static final String INPROCESS = "inprocess";
  public static final String SPARK = "spark";

  public BenchContext {
    if (kernelThreads < 1 || parallelThreads < 1) {
      throw new IllegalArgumentException("bench: thread counts must be at least 1, got kernel threads "
          + kernelThreads + " and parallel threads " + parallelThreads);
    }
    if (runner == null) {
      throw new IllegalArgumentException("bench: runner must not be null");
    }
    if (!INPROCESS.equals(backend) && !SPARK.equals(backend)) {
      throw new IllegalArgumentException("bench: backend must be " + INPROCESS + " or " + SPARK + ", got '"
          + backend + "'");
    }
  }

  /** The in-process backend. */
  public BenchContext(int kernelThreads, int parallelThreads, BenchRunner runner) {
    this(kernelThreads, parallelThreads, runner, INPROCESS);
  }
}
