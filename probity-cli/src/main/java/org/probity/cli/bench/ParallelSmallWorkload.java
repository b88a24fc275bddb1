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
  /**
   * Steps each model takes between two synchronisations of the workers, as a federated client
   * takes several local steps per round. With one step per round the barrier every ~1 ms (64
   * small steps) dominated and the ratio swung between 1.2 and 1.9 from run to run.
   */
  static final int LOCAL_STEPS = 10;

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
    try (KernelSettings k = KernelSettings.save();
        Fleet many = new Fleet(n);
        Fleet one = new Fleet(1)) {
      k.select(Kernels.Backend.VECTOR, 1);
      double[] seconds = ctx.runner().secondsPerCall(many::round, one::round);
      double steps = (double) MODELS * LOCAL_STEPS;
      sink.accept(new BenchResult(name(), Metric.STEPS_PER_S, steps / seconds[0], steps / seconds[1],
          n + " threads vs 1 thread, " + MODELS + " models, vector kernel"));
    }
  }

  /** The 64 models spread over a fixed pool of worker threads; each model stays on one worker. */
  private static final class Fleet implements AutoCloseable {
    private final ExecutorService pool;
    private final List<Callable<Void>> round = new ArrayList<>();

    Fleet(int threads) {
      Rng root = new Rng(643210L);
      List<List<MlpTask>> shards = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        shards.add(new ArrayList<>());
      }
      for (int m = 0; m < MODELS; m++) {
        shards.get(m % threads).add(new MlpTask(root.derive(m), WIDTHS, BATCH, false));
      }
      for (List<MlpTask> shard : shards) {
        round.add(() -> {
          for (MlpTask task : shard) {
            for (int s = 0; s < LOCAL_STEPS; s++) {
              task.step();
            }
          }
          return null;
        });
      }
      pool = Executors.newFixedThreadPool(threads, r -> {
        Thread th = new Thread(r, "bench-parallel-small");
        th.setDaemon(true);
        return th;
      });
    }

    void round() {
      runRound(pool, round);
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  /** Every model takes its local steps; returns when all have. */
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
