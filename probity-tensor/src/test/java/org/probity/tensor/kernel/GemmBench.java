package org.probity.tensor.kernel;

import java.util.Locale;
import org.probity.tensor.Rng;

/**
 * Ad-hoc benchmark, not a test: single-thread GFLOPS of the vector and plain GEMMs on square
 * products, both measured in the same JVM so the comparison shares JIT, heap and machine state.
 * Reports the best of several timed rounds after a warm-up, the usual way to read through noise
 * from other processes on a shared machine.
 *
 * <pre>
 * mvn -q -o -pl probity-tensor test-compile
 * java --add-modules jdk.incubator.vector -cp probity-tensor/target/test-classes:probity-tensor/target/classes \
 *     org.probity.tensor.kernel.GemmBench [sizes...]
 * </pre>
 */
public final class GemmBench {
  private GemmBench() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {64, 256, 1024} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    Kernels.setThreads(1);
    System.out.println("size  vector GFLOPS  plain GFLOPS  speed-up  vector Aᵀ·Bᵀ   (1 thread)");
    for (int s : sizes) {
      double v = gflops(Kernels.vector(), s, false);
      double p = gflops(Kernels.plain(), s, false);
      double t = gflops(Kernels.vector(), s, true);
      System.out.println(String.format(Locale.ROOT, "%4d  %13.1f  %12.1f  %7.1fx  %11.1f", s, v, p, v / p, t));
    }
  }

  /** Best-of-rounds GFLOPS of C = op(A)·op(B) on s×s matrices; each round runs for about 0.15 s. */
  static double gflops(Gemm g, int s, boolean trans) {
    Rng rng = new Rng(s);
    float[] a = new float[s * s];
    float[] b = new float[s * s];
    float[] c = new float[s * s];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextGaussian();
      b[i] = (float) rng.nextGaussian();
    }
    double flops = 2.0 * s * s * s;
    // Warm up until the JIT has compiled the kernels (interpreted Vector-API code is ~1000x
    // slower), then size the rounds from the warm per-call time.
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 1_500_000_000L) {
      g.multiply(trans, trans, s, s, s, a, 0, s, b, 0, s, c, 0, s, false);
    }
    long t1 = System.nanoTime();
    for (int r = 0; r < 3; r++) {
      g.multiply(trans, trans, s, s, s, a, 0, s, b, 0, s, c, 0, s, false);
    }
    double perCall = (System.nanoTime() - t1) / 3e9;
    int reps = (int) Math.max(2, Math.min(1_000_000, 0.15 / perCall));
    double best = 0;
    for (int round = 0; round < 15; round++) {
      long start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        g.multiply(trans, trans, s, s, s, a, 0, s, b, 0, s, c, 0, s, false);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, flops * reps / secs / 1e9);
    }
    return best;
  }
}
