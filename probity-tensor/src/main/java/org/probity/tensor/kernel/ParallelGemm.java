package org.probity.tensor.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a single-threaded {@link Gemm} over several threads by splitting C into bands of rows, each
 * band a multiple of the kernel's tile height. A band is the same problem on fewer rows, and the
 * kernels sum each element of C in an order fixed by k alone, so results are bit-identical for
 * every thread count.
 *
 * <p>Only large products are split ({@link #MIN_FLOPS_PER_TASK} multiply-adds per band at least):
 * small models train concurrently in their own threads, and handing their small GEMMs to a pool
 * would only add hand-off latency and contention. The calling thread computes the first band
 * itself; the others go to a shared {@link ForkJoinPool}. A call made from one of that pool's own
 * workers runs inline, so nested or concurrent callers can never wait on a pool they occupy.
 */
public final class ParallelGemm implements Gemm {
  /** Multiply-adds (m·n·k) below which a band is not worth a hand-off to another thread. */
  static final long MIN_FLOPS_PER_TASK = 1L << 21;

  private final Gemm serial;
  private final int rowGrain;

  /**
   * @param serial the single-threaded kernel that computes each band
   * @param rowGrain band heights are multiples of this (the kernel's tile height)
   */
  public ParallelGemm(Gemm serial, int rowGrain) {
    this.serial = serial;
    this.rowGrain = Math.max(1, rowGrain);
  }

  /** The single-threaded kernel underneath. */
  public Gemm serial() {
    return serial;
  }

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      boolean accumulate) {
    int bands = bands(m, n, k, Kernels.threads());
    if (bands <= 1 || inOwnPool()) {
      serial.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    // Rows per band, rounded up to the grain, so every band but the last holds whole tiles.
    int per = (m + bands - 1) / bands;
    per = (per + rowGrain - 1) / rowGrain * rowGrain;
    ForkJoinPool pool = Kernels.pool();
    Band[] forked = new Band[bands];
    int count = 0;
    RuntimeException failure = null;
    try {
      for (int i0 = per; i0 < m; i0 += per) {
        Band t = new Band(transA, transB, i0, Math.min(per, m - i0), n, k, a, aOff, lda, b, bOff, ldb,
            c, cOff, ldc, accumulate);
        try {
          pool.execute(t);
          forked[count++] = t;
        } catch (RejectedExecutionException e) {
          // The pool was replaced by setThreads meanwhile: compute this band here instead.
          t.compute();
        }
      }
      band(transA, transB, 0, Math.min(per, m), n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } catch (RuntimeException e) {
      failure = e;
    }
    // Wait for every band even after a failure, so no worker still writes C when we return.
    for (int i = 0; i < count; i++) {
      try {
        forked[i].join();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** How many bands a product of this size is cut into for {@code threads} threads. */
  int bands(int m, int n, int k, int threads) {
    if (threads <= 1 || m < 2 * rowGrain) {
      return 1;
    }
    long work = (long) m * n * k;
    long byWork = work / MIN_FLOPS_PER_TASK;
    long byRows = m / rowGrain;
    return (int) Math.max(1, Math.min(threads, Math.min(byWork, byRows)));
  }

  private static boolean inOwnPool() {
    Thread t = Thread.currentThread();
    return t instanceof ForkJoinWorkerThread w && w.getPool() == Kernels.poolIfStarted();
  }

  private void band(boolean transA, boolean transB, int i0, int rows, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      boolean accumulate) {
    // Row i of op(A) starts at column i of stored A when transposed, at row i otherwise.
    int aStart = aOff + (transA ? i0 : i0 * lda);
    serial.multiply(transA, transB, rows, n, k, a, aStart, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc,
        accumulate);
  }

  /** One band computed on a pool worker. */
  private final class Band extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final boolean transA;
    private final boolean transB;
    private final int i0;
    private final int rows;
    private final int n;
    private final int k;
    private final transient float[] a;
    private final int aOff;
    private final int lda;
    private final transient float[] b;
    private final int bOff;
    private final int ldb;
    private final transient float[] c;
    private final int cOff;
    private final int ldc;
    private final boolean accumulate;

    Band(boolean transA, boolean transB, int i0, int rows, int n, int k, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
      this.transA = transA;
      this.transB = transB;
      this.i0 = i0;
      this.rows = rows;
      this.n = n;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
      this.accumulate = accumulate;
    }

    @Override
    protected void compute() {
      band(transA, transB, i0, rows, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  @Override
  public String name() {
    return serial.name();
  }
}
