package org.probity.spark;

import java.util.Map;
import org.probity.federated.ParallelTasks;

/**
 * The {@code spark} {@link ParallelTasks} engine: each item becomes a Spark job of one partition, so
 * the cluster's scheduler places every task on a free executor core and each result comes back to
 * the driver as soon as its job ends (a hyper-parameter sweep records each trial as it finishes, so
 * an interrupted sweep keeps what it had). Options: {@code master} (default {@code local[*]}),
 * {@code parallel} (jobs in flight at once, default the context's default parallelism) and
 * {@code log_level} (Spark's, default ERROR). This class names no Spark type, so the service loader can
 * load it even where Spark's jars are missing, and its constructor then fails, which
 * {@link ParallelTasks#find} takes as "no such engine"; {@link SparkTaskSession} does the work.
 * Registered through {@code META-INF/services/org.probity.federated.ParallelTasks}.
 */
public final class SparkTasks implements ParallelTasks {
  /**
   * @throws IllegalStateException when probity-spark is on the classpath without Spark's own jars
   */
  public SparkTasks() {
    try {
      Class.forName("org.apache.spark.api.java.JavaSparkContext", false, SparkTasks.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("spark tasks: probity-spark is on the classpath but Spark's jars are not ("
          + e + ")", e);
    }
  }

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Session open(Map<String, String> options) {
    return SparkTaskSession.open(options);
  }
}
