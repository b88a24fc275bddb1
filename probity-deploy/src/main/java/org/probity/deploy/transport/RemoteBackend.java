package org.probity.deploy.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.probity.deploy.secagg.SecAggAbortedException;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecAggResult;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.ClientTask;
import org.probity.federated.ExecutionBackend;
import org.probity.federated.FitReply;
import org.probity.federated.RoundOutcome;
import org.probity.tensor.Rng;

/**
 * The execution backend of a deployed server: every client call of a round runs on its own thread
 * (each blocks in {@link RemoteClientApp} until its site replies), replies come back in task order
 * as the {@link ExecutionBackend} contract requires, and losses are counted by cause: a site not
 * connected is dropped, one past the deadline timed out, anything else failed. Before a round it
 * waits (bounded) until {@code minClients} of the chosen sites are connected, and a fit round in
 * which fewer than {@code minClients} replies arrived returns no replies at all, so the
 * {@link org.probity.federated.Federation} retries the round once and then fails it, rather than
 * aggregating a cohort smaller than the federation agreed to. With secure aggregation the fit
 * replies carry only metadata; once they are in, the backend runs the round's secure-aggregation
 * phases with their senders ({@link SecureAggregation}), offers the unmasked sum to the
 * {@link SecureFedAvg} and returns only the survivors' replies; an aborted secure round (fewer than
 * the threshold, or than {@code minClients}, survive) returns no replies, so it is retried like a
 * round with too few replies.
 */
final class RemoteBackend implements ExecutionBackend {
  private static final System.Logger LOG = System.getLogger(RemoteBackend.class.getName());

  private final TaskBoard board;
  private final int minClients;
  private final long quorumWaitMillis;
  private final long deadlineMillis;
  private final ExecutorService pool;
  /** Client ids whose fit replies were used, by round (the audit log's participants). */
  private final Map<Integer, List<Integer>> participants = new ConcurrentHashMap<>();
  private SecAggConfig secAggConfig;
  private SecureFedAvg secureStrategy;
  private SecureAggregation secureDriver;

  RemoteBackend(TaskBoard board, int minClients, long quorumWaitMillis, long deadlineMillis) {
    this.board = board;
    this.minClients = minClients;
    this.quorumWaitMillis = quorumWaitMillis;
    this.deadlineMillis = deadlineMillis;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "probity-remote-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Turns on secure aggregation of every fit round, its sums going to {@code strategy}. */
  void secure(SecAggConfig config, SecureFedAvg strategy, SecureAggregation driver) {
    secAggConfig = config;
    secureStrategy = strategy;
    secureDriver = driver;
  }

  List<Integer> participants(int round) {
    return participants.getOrDefault(round, List.of());
  }

  @Override
  public <R> RoundOutcome<R> execute(int round, List<ClientTask<R>> tasks, Rng rng) {
    int[] ids = new int[tasks.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tasks.get(i).clientId();
    }
    int need = Math.min(minClients, tasks.size());
    awaitQuorum(round, ids, need);
    List<Future<R>> futures = new ArrayList<>();
    for (ClientTask<R> t : tasks) {
      futures.add(pool.submit(t.call()));
    }
    List<R> replies = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int dropped = 0;
    int timedOut = 0;
    int failed = 0;
    for (int i = 0; i < futures.size(); i++) {
      Future<R> f = futures.get(i);
      try {
        R r = f.get(deadlineMillis + 10_000, TimeUnit.MILLISECONDS);
        if (r != null) {
          replies.add(r);
        }
      } catch (ExecutionException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String msg = c.getMessage() != null ? c.getMessage() : c.toString();
        errors.add(msg);
        if (c instanceof TaskBoard.ClientGone) {
          dropped++;
        } else if (c instanceof TaskBoard.TaskTimedOut) {
          timedOut++;
        } else {
          failed++;
        }
        LOG.log(System.Logger.Level.WARNING, msg);
      } catch (TimeoutException e) {
        f.cancel(true);
        timedOut++;
        errors.add("round " + round + ": client " + tasks.get(i).clientId() + " hung past its deadline");
      } catch (InterruptedException e) {
        for (Future<R> g : futures) {
          g.cancel(true);
        }
        Thread.currentThread().interrupt();
        throw new IllegalStateException("round " + round + ": interrupted (server stopping)", e);
      }
    }
    long fits = replies.stream().filter(r -> r instanceof FitReply).count();
    if (fits > 0) {
      if (fits < need) {
        String msg = "round " + round + ": only " + fits + " fit replies arrived, fewer than the minimum of " + need
            + "; the round's replies are discarded";
        LOG.log(System.Logger.Level.WARNING, msg);
        errors.add(msg);
        return new RoundOutcome<>(List.of(), dropped, 0, timedOut, failed, errors);
      }
      if (secureDriver != null) {
        int[] fitIds = new int[(int) fits];
        int k = 0;
        for (R r : replies) {
          fitIds[k++] = ((FitReply) r).clientId();
        }
        java.util.Arrays.sort(fitIds);
        int[] survivors;
        try {
          SecAggResult s = secureDriver.run(round, secAggConfig, secureStrategy.dp(), secureStrategy.clipNorm(),
              fitIds);
          survivors = s.survivors().clone();
          if (survivors.length < need) {
            throw new SecAggAbortedException("only " + survivors.length + " clients survived, fewer than the minimum"
                + " of " + need);
          }
          secureStrategy.offer(new SecureFedAvg.SecureSum(round, s.sum(), survivors));
        } catch (SecAggAbortedException | IllegalArgumentException e) {
          String msg = "round " + round + ": secure aggregation aborted: " + e.getMessage()
              + "; the round's replies are discarded";
          LOG.log(System.Logger.Level.WARNING, msg);
          errors.add(0, msg);
          return new RoundOutcome<>(List.of(), dropped, 0, timedOut, failed + (int) fits, errors);
        }
        java.util.Arrays.sort(survivors);
        List<R> kept = new ArrayList<>();
        for (R r : replies) {
          if (java.util.Arrays.binarySearch(survivors, ((FitReply) r).clientId()) >= 0) {
            kept.add(r);
          }
        }
        dropped += replies.size() - kept.size();
        replies = kept;
      }
      List<Integer> ids2 = new ArrayList<>();
      for (R r : replies) {
        ids2.add(((FitReply) r).clientId());
      }
      participants.put(round, List.copyOf(ids2));
    }
    return new RoundOutcome<>(replies, dropped, 0, timedOut, failed, errors);
  }

  private void awaitQuorum(int round, int[] ids, int need) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quorumWaitMillis);
    while (board.online(ids) < need && System.nanoTime() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("round " + round + ": interrupted waiting for " + need + " sites", e);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
