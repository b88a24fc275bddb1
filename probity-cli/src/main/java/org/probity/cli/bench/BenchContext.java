package org.probity.cli.bench;

/**
 * What a workload is given: how many threads the GEMM kernels may use ({@code kernelThreads}), how
 * many worker threads the parallel workloads compare against one, and the runner that does the
 * timing. Passing these in, rather than reading globals, keeps the workloads testable.
 */
public record BenchContext(int kernelThreads, int parallelThreads, BenchRunner runner) {
  public BenchContext {
    if (kernelThreads < 1 || parallelThreads < 1) {
      throw new IllegalArgumentException("bench: thread counts must be at least 1, got kernel threads "
          + kernelThreads + " and parallel threads " + parallelThreads);
    }
    if (runner == null) {
      throw new IllegalArgumentException("bench: runner must not be null");
    }
  }
}
