package org.probity.cli.bench;

import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * The bench's handle on the engine's process-wide kernel choice: switches every op between the
 * Vector-API GEMM and the plain-loop fallback and sets how many threads large products may use,
 * then restores both on close, so that a workload leaves the process as it found it and the next
 * workload's figures do not depend on the order they ran in.
 */
final class KernelSettings implements AutoCloseable {
  private final Kernels.Backend backend;
  private final int threads;

  private KernelSettings() {
    this.backend = Kernels.backend();
    this.threads = Kernels.threads();
  }

  /** Remembers the current backend and thread count; close() puts them back. */
  static KernelSettings save() {
    return new KernelSettings();
  }

  /** Makes {@code backend} the GEMM of every op, using at most {@code threads} threads. */
  void select(Kernels.Backend backend, int threads) {
    Kernels.use(backend);
    Kernels.setThreads(threads);
  }

  /** The GEMM ops use now. */
  Gemm gemm() {
    return Kernels.gemm();
  }

  @Override
  public void close() {
    Kernels.use(backend);
    Kernels.setThreads(threads);
  }
}
