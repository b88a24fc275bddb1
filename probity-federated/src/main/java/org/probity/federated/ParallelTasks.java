package org.probity.federated;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A distributed engine that runs independent, coarse tasks elsewhere: one serializable
 * {@link Task} per item, each a task of its own on the engine (probity-spark's {@code spark}: one
 * Spark job of one partition per item), with each result handed back as soon as that item finishes.
 * Hyper-parameter sweeps use it to run their trials on a cluster: a trial is minutes of work that
 * shares nothing with the others, so the engine's job is placement and bookkeeping, not data
 * movement. It is a sibling of {@link FederationEngine} (which keeps clients' data on the cluster
 * across rounds) and is found the same way, through {@link ServiceLoader} (a line in
 * {@code META-INF/services/org.probity.federated.ParallelTasks}), so single-machine users never load
 * an engine.
 */
public interface ParallelTasks {
  /** The name a user selects the engine by ("spark"). */
  String name();

  /**
   * A session on the engine with engine-specific {@code options} (for Spark: {@code master},
   * {@code parallel}, {@code log_level}); close it when done.
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  Session open(Map<String, String> options);

  /** An open engine: runs batches of tasks one after another. */
  interface Session extends AutoCloseable {
    /**
     * Runs {@code task} on every item (in any order, several at once) and tells {@code listener}
     * about each item as it finishes, from whatever thread; returns when all have finished. A task
     * that throws, or one the engine loses, is reported to {@link Listener#failed} with its index.
     *
     * @throws InterruptedException when interrupted; the tasks still running are cancelled
     */
    <T extends Serializable, R extends Serializable> void map(List<T> items, Task<T, R> task, Listener<R> listener)
        throws InterruptedException;

    /** A short description for a command's first line ("spark local[2], 2 tasks at a time"). */
    String describe();

    @Override
    void close();
  }

  /** The work of one item, shipped to wherever the engine runs it: it must hold only serializable state. */
  @FunctionalInterface
  interface Task<T, R> extends Serializable {
    R apply(T item);
  }

  /** Hears about each item as it finishes ({@code index} is its position in the list given to map). */
  interface Listener<R> {
    void finished(int index, R result);

    void failed(int index, RuntimeException cause);
  }

  /**
   * The engine called {@code name}, or an IllegalArgumentException naming the engines on the
   * classpath. An engine whose own dependencies are missing (its module's jar without the engine's
   * jars) counts as absent.
   */
  static ParallelTasks find(String name) {
    List<String> known = new ArrayList<>();
    for (var it = ServiceLoader.load(ParallelTasks.class).iterator(); ; ) {
      ParallelTasks e;
      try {
        if (!it.hasNext()) {
          break;
        }
        e = it.next();
      } catch (ServiceConfigurationError | LinkageError err) {
        continue;
      }
      if (e.name().equals(name)) {
        return e;
      }
      known.add(e.name());
    }
    throw new IllegalArgumentException("no parallel-task engine '" + name + "' on the classpath (available: "
        + (known.isEmpty() ? "none" : String.join(", ", known)) + "); the " + name + " engine lives in the probity-"
        + name + " module");
  }
}
