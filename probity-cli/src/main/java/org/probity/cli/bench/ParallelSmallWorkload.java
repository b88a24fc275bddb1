package org.probity.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Kernels;

/**
 * Many independent small models (64-32-10 MLPs, batch 16) trained at once, each always stepped by
 * the same worker thread, in model-steps per second: N worker threads against one. This is how
 * one JVM simulates many federated clients; it works because the autograd tape is per thread and
 * models share no state. Both columns use the Vector-API kernel with one kernel thread, and both go
 * through the same thread pool code, so the ratio is the parallel scaling alone.
 */
final class ParallelSmallWorkload implements Workload {
  static final int MODELS = 64;
  static final int[] WIDTHS = {64, 32, 10};
  static final int BATCH = 16;

  @Override
  public String name() {
    return "parallel-small";
  }

  @Override
  public String description() {
    return MODELS + " independent 64-32-10 MLPs, batch 16, model-steps/s: N worker threads vs 1";
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    int n = ctx.parallelThreads();
    try (KernelSettings k = KernelSettings.save()) {
      k.select(Kernels.Backend.VECTOR, 1);
      double fast = stepsPerSecond(ctx, n);
      double fallback = stepsPerSecond(ctx, 1);
      sink.accept(new BenchResult(name(), Metric.STEPS_PER_S, fast, fallback,
          n + " threads vs 1 thread, " + MODELS + " models, vector kernel"));
    }
  }

  private static double stepsPerSecond(BenchContext ctx, int threads) {
    Rng root = new Rng(643210L);
    List<List<MlpTask>> shards = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      shards.add(new ArrayList<>());
    }
    for (int m = 0; m < MODELS; m++) {
      shards.get(m % threads).add(new MlpTask(root.derive(m), WIDTHS, BATCH, false));
    }
    List<Callable<Void>> round = new ArrayList<>();
    for (List<MlpTask> shard : shards) {
      round.add(() -> {
        for (MlpTask task : shard) {
          task.step();
        }
        return null;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "bench-parallel-small");
      th.setDaemon(true);
      return th;
    });
    try {
      double seconds = ctx.runner().secondsPerCall(() -> runRound(pool, round));
      return MODELS / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every model takes one step; returns when all have. */
  private static void runRound(ExecutorService pool, List<Callable<Void>> round) {
    try {
      for (Future<Void> f : pool.invokeAll(round)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("parallel-small: interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("parallel-small: a model step failed: " + e.getCause(), e.getCause());
    }
  }
}
