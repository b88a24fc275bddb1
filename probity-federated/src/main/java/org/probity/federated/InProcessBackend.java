package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.probity.tensor.Rng;

/**
 * The simulation backend: clients run as calls on a bounded pool of worker threads (default: one
 * per core), each on its own thread and therefore its own thread-local tape. Faults are decided
 * before any call from {@code rng.derive(clientId)}, and replies are returned in task order, so the
 * result is the same for any number of threads. A real per-call timeout guards against hung clients;
 * exceptions are logged with the client id and the round continues without that client.
 */
public final class InProcessBackend implements ExecutionBackend {
  private static final System.Logger LOG = System.getLogger(InProcessBackend.class.getName());

  private final ExecutorService pool;
  private final int threads;
  private final long timeoutMillis;
  private final Faults faults;

  public InProcessBackend() {
    this(Runtime.getRuntime().availableProcessors(), 0, Faults.NONE);
  }

  public InProcessBackend(int threads) {
    this(threads, 0, Faults.NONE);
  }

  /**
   * @param threads worker threads (>= 1)
   * @param timeoutMillis per-call wall-clock limit; 0 for none
   * @param faults simulated dropouts and stragglers
   */
  public InProcessBackend(int threads, long timeoutMillis, Faults faults) {
    if (threads < 1) {
      throw new IllegalArgumentException("in-process backend: threads must be >= 1, got " + threads);
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("in-process backend: timeout must be >= 0 ms, got " + timeoutMillis);
    }
    this.threads = threads;
    this.timeoutMillis = timeoutMillis;
    this.faults = faults;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "probity-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, tf);
  }

  public int threads() {
    return threads;
  }

  @Override
  public <R> RoundOutcome<R> execute(int round, List<ClientTask<R>> tasks, Rng rng) {
    int dropped = 0;
    int stragglers = 0;
    List<ClientTask<R>> running = new ArrayList<>();
    List<Future<R>> futures = new ArrayList<>();
    for (ClientTask<R> t : tasks) {
      int fate = faults.fate(rng.derive(t.clientId()));
      if (fate == 1) {
        dropped++;
      } else if (fate == 2) {
        stragglers++;
      } else {
        running.add(t);
        futures.add(pool.submit(t.call()));
      }
    }
    List<R> replies = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int timedOut = 0;
    int failed = 0;
    for (int i = 0; i < futures.size(); i++) {
      int id = running.get(i).clientId();
      Future<R> f = futures.get(i);
      try {
        R r = timeoutMillis > 0 ? f.get(timeoutMillis, TimeUnit.MILLISECONDS) : f.get();
        if (r != null) {
          replies.add(r);
        }
      } catch (TimeoutException e) {
        f.cancel(true);
        timedOut++;
        String msg = "round " + round + ": client " + id + " timed out after " + timeoutMillis + " ms";
        errors.add(msg);
        LOG.log(System.Logger.Level.WARNING, msg);
      } catch (ExecutionException e) {
        failed++;
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String msg = "round " + round + ": client " + id + " failed: " + cause;
        errors.add(msg);
        LOG.log(System.Logger.Level.WARNING, msg, cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        for (Future<R> g : futures) {
          g.cancel(true);
        }
        throw new IllegalStateException("round " + round + ": interrupted while waiting for client " + id, e);
      }
    }
    return new RoundOutcome<>(replies, dropped, stragglers, timedOut, failed, errors);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
