package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The default {@link TrialExecutor}: a fixed pool of {@code threads} daemon threads in this
 * process, so at most that many trials train at once (each trial's own kernels may use more
 * threads; the pool bounds how many runs compete for the cores and the memory). A trial whose work
 * throws despite the contract becomes a failed result rather than stopping the sweep.
 */
public final class LocalTrialExecutor implements TrialExecutor {
  private final int threads;
  private final ExecutorService pool;

  public LocalTrialExecutor(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("sweep.parallel: expected at least 1 thread, got " + threads);
    }
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, "sweep-trial-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, f);
  }

  @Override
  public void execute(List<Trial> trials, Work work, Consumer<TrialResult> done) throws InterruptedException {
    List<Future<?>> futures = new ArrayList<>();
    for (Trial t : trials) {
      futures.add(pool.submit(() -> {
        long t0 = System.nanoTime();
        TrialResult r;
        try {
          r = work.run(t);
        } catch (RuntimeException | Error e) {
          r = TrialResult.failed(t, null, (System.nanoTime() - t0) / 1e9, String.valueOf(e));
        }
        done.accept(r);
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      // done() itself failed (recording a result): that is the sweep's failure, not a trial's.
      futures.forEach(x -> x.cancel(true));
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    } catch (InterruptedException e) {
      futures.forEach(x -> x.cancel(true));
      throw e;
    }
  }

  @Override
  public String describe() {
    return threads + " trial" + (threads == 1 ? "" : "s") + " at a time in this process";
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
