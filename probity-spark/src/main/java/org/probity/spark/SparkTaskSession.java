package org.probity.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.probity.federated.ParallelTasks;

/**
 * An open {@link SparkTasks} session: one Spark context (created by
 * {@link SparkFederation#createContext}, so one attempt per task: a task that fails is reported,
 * never run twice) and a pool of {@code parallel} driver threads, each submitting one single-item
 * job and waiting for it, so at most {@code parallel} items run at once and each result is handed
 * over when its job ends rather than when the whole batch does. Every batch is a Spark job group,
 * cancelled as a whole when the caller is interrupted.
 */
final class SparkTaskSession implements ParallelTasks.Session {
  private static final Set<String> OPTIONS = Set.of("master", "parallel", "log_level");
  private static final AtomicInteger BATCHES = new AtomicInteger();

  private final JavaSparkContext sc;
  private final String master;
  private final int parallel;

  private SparkTaskSession(JavaSparkContext sc, String master, int parallel) {
    this.sc = sc;
    this.master = master;
    this.parallel = parallel;
  }

  static SparkTaskSession open(Map<String, String> options) {
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new IllegalArgumentException("spark tasks: unknown option '" + k + "' (known: master, parallel,"
            + " log_level)");
      }
    }
    String master = options.getOrDefault("master", "local[*]");
    Integer parallel = null;
    if (options.containsKey("parallel")) {
      String p = options.get("parallel");
      try {
        parallel = Integer.parseInt(p.strip());
      } catch (NumberFormatException e) {
        parallel = -1;
      }
      if (parallel < 1) {
        throw new IllegalArgumentException("spark tasks: parallel must be an integer >= 1, got '" + p + "'");
      }
    }
    SparkSettings d = SparkSettings.defaults();
    JavaSparkContext sc = SparkFederation.createContext(new SparkSettings(master, "probity-tasks", 0,
        d.jobTimeoutMillis(), d.treeAggregate(), d.evaluateEvery()));
    try {
      sc.setLogLevel(options.getOrDefault("log_level", "ERROR"));
    } catch (IllegalArgumentException e) {
      sc.stop();
      throw new IllegalArgumentException("spark tasks: log_level '" + options.get("log_level")
          + "' is not a log level (ERROR, WARN, INFO, ...)", e);
    }
    return new SparkTaskSession(sc, master, parallel != null ? parallel : Math.max(1, sc.defaultParallelism()));
  }

  @Override
  public <T extends Serializable, R extends Serializable> void map(List<T> items, ParallelTasks.Task<T, R> task,
      ParallelTasks.Listener<R> listener) throws InterruptedException {
    if (items.isEmpty()) {
      return;
    }
    String group = "probity-tasks-" + BATCHES.incrementAndGet();
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, items.size()), r -> {
      Thread t = new Thread(r, group + "-driver-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Apply<T, R> fn = new Apply<>(task);
    List<Future<?>> waits = new ArrayList<>(items.size());
    try {
      for (int i = 0; i < items.size(); i++) {
        int index = i;
        T item = items.get(i);
        waits.add(pool.submit(() -> {
          runOne(group, index, item, fn, listener);
          return null;
        }));
      }
      for (Future<?> w : waits) {
        w.get();
      }
    } catch (ExecutionException e) {
      // The listener itself failed (recording a result): the caller's failure, not a task's.
      sc.cancelJobGroup(group);
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    } catch (InterruptedException e) {
      sc.cancelJobGroup(group);
      throw e;
    } finally {
      waits.forEach(w -> w.cancel(true));
      pool.shutdownNow();
    }
  }

  private <T extends Serializable, R extends Serializable> void runOne(String group, int index, T item,
      Apply<T, R> fn, ParallelTasks.Listener<R> listener) throws InterruptedException {
    sc.setJobGroup(group, "probity task " + index, true);
    JavaFutureAction<List<R>> job = sc.parallelize(List.of(item), 1).map(fn).collectAsync();
    List<R> out;
    try {
      out = job.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      listener.failed(index, new IllegalStateException("spark task " + index + " (" + item + ") failed: "
          + firstLine(c), c));
      return;
    } catch (InterruptedException e) {
      job.cancel(true);
      throw e;
    }
    if (out.size() != 1) {
      listener.failed(index, new IllegalStateException("spark task " + index + " returned " + out.size()
          + " results, expected 1"));
      return;
    }
    listener.finished(index, out.get(0));
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "spark %s, %d task%s at a time, one Spark job each", master, parallel,
        parallel == 1 ? "" : "s");
  }

  @Override
  public void close() {
    sc.stop();
  }

  /** The task as a Spark function: shipped to the executor with its item, applied there. */
  private static final class Apply<T, R> implements Function<T, R> {
    private static final long serialVersionUID = 1L;
    private final ParallelTasks.Task<T, R> task;

    Apply(ParallelTasks.Task<T, R> task) {
      this.task = task;
    }

    @Override
    public R call(T item) {
      return task.apply(item);
    }
  }
}
