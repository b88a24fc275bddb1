package org.probity.cli.bench;

import java.util.function.Consumer;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * GEMM throughput at square sizes 64, 256 and 1024: the packed, register-blocked Vector-API kernel
 * against the plain-loop kernel, on the same matrices, in GFLOPS (2·n³ per product). This is the
 * kernel every Linear, Conv2d and attention layer reduces to, so it bounds them all (DESIGN §7
 * quotes about 100 GFLOPS single-threaded for the vector kernel).
 */
final class GemmWorkload implements Workload {
  private static final int[] SIZES = {64, 256, 1024};

  @Override
  public String name() {
    return "gemm";
  }

  @Override
  public String description() {
    return "C = A·B at n = 64, 256, 1024 in GFLOPS: vector kernel vs plain-loop kernel";
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    String threads = ctx.kernelThreads() == 1 ? "1 thread" : ctx.kernelThreads() + " threads";
    for (int n : SIZES) {
      Rng rng = new Rng(n);
      float[] a = random(rng, n * n);
      float[] b = random(rng, n * n);
      float[] c = new float[n * n];
      double fast = gflops(ctx, Kernels.Backend.VECTOR, n, a, b, c);
      double fallback = gflops(ctx, Kernels.Backend.PLAIN, n, a, b, c);
      sink.accept(new BenchResult("gemm-" + n, Metric.GFLOPS, fast, fallback,
          "vector kernel vs plain-loop kernel, " + threads));
    }
  }

  private static double gflops(BenchContext ctx, Kernels.Backend choice, int n, float[] a, float[] b, float[] c) {
    try (KernelSettings k = KernelSettings.save()) {
      k.select(choice, ctx.kernelThreads());
      Gemm gemm = k.gemm();
      double seconds = ctx.runner().secondsPerCall(
          () -> gemm.multiply(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false));
      return 2.0 * n * n * n / seconds * 1e-9;
    }
  }

  private static float[] random(Rng rng, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = rng.nextFloat() * 2 - 1;
    }
    return x;
  }
}
