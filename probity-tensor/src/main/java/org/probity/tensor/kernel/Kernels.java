package org.probity.tensor.kernel;

import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Chooses the GEMM every op uses and owns the threads it may use. At start the backend is taken
 * from the system property {@code probity.kernels} or the environment variable
 * {@code PROBITY_KERNELS} ({@code vector} or {@code plain}); by default it is the Vector-API
 * kernel when the {@code jdk.incubator.vector} module is present and passes a small self-test,
 * else the plain loops, announced by one line on stderr. {@link #use} switches at run time, which
 * the benchmark uses to measure both backends in one process.
 *
 * <p>The thread count comes from {@code probity.threads} or the number of processors; large
 * products are split over a shared pool of that many workers (see {@link ParallelGemm}), small
 * ones always run on the calling thread.
 */
public final class Kernels {
  /** The available GEMM implementations. */
  public enum Backend { VECTOR, PLAIN }

  private static final Gemm PLAIN = new ParallelGemm(PlainGemm.INSTANCE, 8);
  /** The threaded Vector-API GEMM, or null where the Vector API cannot be used. */
  private static final Gemm VECTOR = loadVector();
  private static volatile Backend backend = initialBackend();
  private static volatile int threads = initialThreads();
  private static volatile ForkJoinPool pool;

  private Kernels() {}

  /** The GEMM of the current backend. */
  public static Gemm gemm() {
    return backend == Backend.VECTOR ? VECTOR : PLAIN;
  }

  /** The Vector-API GEMM. */
  public static Gemm vector() {
    if (VECTOR == null) {
      throw new IllegalStateException("kernels: the vector backend is unavailable; run java with "
          + "--add-modules jdk.incubator.vector on a CPU with 256-bit vectors");
    }
    return VECTOR;
  }

  /** The plain-loop GEMM. */
  public static Gemm plain() {
    return PLAIN;
  }

  /** Whether the Vector-API backend can be used in this JVM. */
  public static boolean vectorAvailable() {
    return VECTOR != null;
  }

  public static Backend backend() {
    return backend;
  }

  /** Switches the backend used by {@link #gemm()} from now on, in every thread. */
  public static void use(Backend b) {
    if (b == null) {
      throw new IllegalArgumentException("kernels: backend must not be null");
    }
    if (b == Backend.VECTOR) {
      vector();
    }
    backend = b;
  }

  /** The number of threads a large product may use. */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads large products may use (1 runs everything on the caller). */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("kernels: setThreads needs at least 1 thread, got " + n);
    }
    if (n == threads) {
      return;
    }
    threads = n;
    ForkJoinPool old = pool;
    pool = null;
    if (old != null) {
      // Bands already handed to the old pool still run to completion; its threads then exit.
      old.shutdown();
    }
  }

  /** The shared worker pool, created on first use. */
  static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p != null) {
      return p;
    }
    synchronized (Kernels.class) {
      if (pool == null) {
        pool = new ForkJoinPool(threads, Kernels::newWorker, null, false);
      }
      return pool;
    }
  }

  /** The pool if one has been started, else null. */
  static ForkJoinPool poolIfStarted() {
    return pool;
  }

  private static ForkJoinWorkerThread newWorker(ForkJoinPool p) {
    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
    t.setName("probity-gemm-" + t.getPoolIndex());
    t.setDaemon(true);
    return t;
  }

  private static Gemm loadVector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      if (!VectorGemm.supported() || !selfTest(VectorGemm.INSTANCE)) {
        return null;
      }
      return new ParallelGemm(VectorGemm.INSTANCE, VectorGemm.MR);
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** A small product with edges in every dimension, checked against the plain loops. */
  private static boolean selfTest(Gemm g) {
    int m = 7;
    int n = 19;
    int k = 5;
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) - 3;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 5) - 2;
    }
    float[] want = new float[m * n];
    float[] got = new float[m * n];
    PlainGemm.INSTANCE.multiply(false, false, m, n, k, a, 0, k, b, 0, n, want, 0, n, false);
    g.multiply(false, false, m, n, k, a, 0, k, b, 0, n, got, 0, n, false);
    return java.util.Arrays.equals(want, got);
  }

  private static Backend initialBackend() {
    String asked = System.getProperty("probity.kernels");
    String source = "system property probity.kernels";
    if (asked == null || asked.isBlank()) {
      asked = System.getenv("PROBITY_KERNELS");
      source = "PROBITY_KERNELS";
    }
    String want = asked == null ? "" : asked.trim().toLowerCase(Locale.ROOT);
    if (want.equals("plain")) {
      return Backend.PLAIN;
    }
    if (!want.isEmpty() && !want.equals("vector")) {
      System.err.println("probity: ignoring " + source + "=" + asked + " (expected vector or plain)");
    }
    if (VECTOR != null) {
      return Backend.VECTOR;
    }
    System.err.println("probity: jdk.incubator.vector is unavailable (add --add-modules jdk.incubator.vector); "
        + "using the plain-loop kernels, several times slower");
    return Backend.PLAIN;
  }

  private static int initialThreads() {
    String s = System.getProperty("probity.threads");
    if (s != null && !s.isBlank()) {
      try {
        int n = Integer.parseInt(s.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the warning
      }
      System.err.println("probity: ignoring probity.threads=" + s + " (expected a positive integer)");
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
