package org.probity.cli.bench;

/**
 * One row of a benchmark: a figure for the fast path beside the same figure for the fallback,
 * measured in the same process and run, which is the only comparison DESIGN §7 accepts as a speed
 * claim. {@code comparison} says in words what the two columns are (for the table only; the JSON
 * file carries the four measured fields).
 */
public record BenchResult(String workload, Metric metric, double fast, double fallback, String comparison) {
  public BenchResult {
    if (workload == null || workload.isBlank()) {
      throw new IllegalArgumentException("bench result: workload name must not be blank");
    }
    if (metric == null) {
      throw new IllegalArgumentException("bench result for " + workload + ": metric must not be null");
    }
  }

  /** How many times better the fast column is (see {@link Metric#speedup}). */
  public double speedup() {
    return metric.speedup(fast, fallback);
  }
}
