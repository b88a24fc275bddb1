package org.probity.deploy.transport;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.probity.tensor.nn.Params;

/**
 * The server's meeting point between the federation's round loop and the pulling clients: per site
 * a queue of posted tasks that the site's long poll takes, the tasks it has taken and not yet
 * answered, and when it was last heard from (every call is a heartbeat). Task ids start at a
 * random value per server incarnation, so a reply to a task of a server that has since restarted
 * is refused as unknown rather than mistaken for a new one.
 */
final class TaskBoard {
  /** A task posted for one client: what it must do and the future its reply completes. */
  static final class Pending {
    final long id;
    final int clientId;
    final int kind;
    final int round;
    final byte[] instruction;
    final Params global;
    final CompletableFuture<Object> reply = new CompletableFuture<>();

    Pending(long id, int clientId, int kind, int round, byte[] instruction, Params global) {
      this.id = id;
      this.clientId = clientId;
      this.kind = kind;
      this.round = round;
      this.instruction = instruction;
      this.global = global;
    }
  }

  static final class Slot {
    final int clientId;
    final String site;
    volatile boolean registered;
    volatile boolean toldDone;
    volatile long lastSeenNanos;
    volatile long lastSeenEpochMillis;
    final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    final Map<Long, Pending> taken = new ConcurrentHashMap<>();

    Slot(int clientId, String site) {
      this.clientId = clientId;
      this.site = site;
    }
  }

  private final Map<String, Slot> bySite = new TreeMap<>();
  private final Map<Integer, Slot> byId = new TreeMap<>();
  private final AtomicLong nextTask = new AtomicLong(new SecureRandom().nextLong() & Long.MAX_VALUE);
  private final long livenessNanos;
  private volatile boolean done;
  final AtomicLong wireBytesDown = new AtomicLong();
  final AtomicLong wireBytesUp = new AtomicLong();

  TaskBoard(Map<String, Integer> siteIds, long livenessMillis) {
    for (Map.Entry<String, Integer> e : siteIds.entrySet()) {
      Slot s = new Slot(e.getValue(), e.getKey());
      bySite.put(e.getKey(), s);
      byId.put(e.getValue(), s);
    }
    this.livenessNanos = TimeUnit.MILLISECONDS.toNanos(livenessMillis);
  }

  Slot site(String site) {
    return bySite.get(site);
  }

  Slot client(int id) {
    Slot s = byId.get(id);
    if (s == null) {
      throw new IllegalArgumentException("task board: no site has client id " + id);
    }
    return s;
  }

  Map<String, Slot> sites() {
    return Collections.unmodifiableMap(bySite);
  }

  void touch(Slot s) {
    s.lastSeenNanos = System.nanoTime();
    s.lastSeenEpochMillis = System.currentTimeMillis();
  }

  /**
   * A site (re)registers: whatever it had taken before belongs to a process that no longer exists,
   * so those tasks fail now instead of at their deadline.
   */
  void register(Slot s) {
    for (Pending p : new ArrayList<>(s.taken.values())) {
      p.reply.completeExceptionally(new ClientGone("site '" + s.site + "' registered again while holding task "
          + p.id + " (round " + p.round + ")"));
      s.taken.remove(p.id);
    }
    s.registered = true;
    touch(s);
  }

  boolean online(Slot s) {
    return s.registered && System.nanoTime() - s.lastSeenNanos <= livenessNanos;
  }

  int online(int[] clientIds) {
    int n = 0;
    for (int id : clientIds) {
      if (online(client(id))) {
        n++;
      }
    }
    return n;
  }

  int registered() {
    int n = 0;
    for (Slot s : bySite.values()) {
      n += s.registered ? 1 : 0;
    }
    return n;
  }

  Pending post(int clientId, int kind, int round, byte[] instruction, Params global) {
    Pending p = new Pending(nextTask.getAndIncrement(), clientId, kind, round, instruction, global);
    client(clientId).queue.add(p);
    return p;
  }

  /** Removes a task that will no longer be awaited (its deadline passed). */
  void withdraw(Pending p) {
    Slot s = client(p.clientId);
    s.queue.remove(p);
    s.taken.remove(p.id);
  }

  /** The next live task of {@code s}, waiting at most {@code waitMillis}; null if none came or the run is done. */
  Pending take(Slot s, long waitMillis) throws InterruptedException {
    return take(s, waitMillis, () -> false);
  }

  /**
   * As {@link #take(Slot, long)}, giving up as soon as {@code gone} says the polling call was
   * cancelled (its client stopped or restarted): a task taken by a poll nobody will read would be
   * lost to the site's next incarnation and cost a whole deadline, so one found after the
   * cancellation goes back to the queue.
   */
  Pending take(Slot s, long waitMillis, BooleanSupplier gone) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (!done && !gone.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Pending p = s.queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
      if (p != null && !p.reply.isDone()) {
        if (gone.getAsBoolean()) {
          s.queue.add(p);
          return null;
        }
        s.taken.put(p.id, p);
        return p;
      }
    }
    return null;
  }

  Pending taken(Slot s, long taskId) {
    return s.taken.get(taskId);
  }

  void finish() {
    done = true;
  }

  boolean done() {
    return done;
  }

  List<String> siteNames(List<Integer> ids) {
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      out.add(client(id).site);
    }
    return out;
  }

  /** The site has no live connection: dropped from this round at once rather than waited for. */
  static final class ClientGone extends RuntimeException {
    ClientGone(String message) {
      super(message);
    }
  }

  /** The site reported that its local training or evaluation threw (the FailTask call). */
  static final class TaskFailed extends RuntimeException {
    TaskFailed(String message) {
      super(message);
    }
  }

  /** The site did not reply before the task's deadline. */
  static final class TaskTimedOut extends RuntimeException {
    TaskTimedOut(String message) {
      super(message);
    }
  }
}
