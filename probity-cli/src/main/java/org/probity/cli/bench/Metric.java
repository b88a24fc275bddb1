package org.probity.cli.bench;

/**
 * The unit of a benchmark figure, with the direction that counts as better, so that every row's
 * speed-up reads the same way: how many times better the fast column is than the fallback.
 */
public enum Metric {
  /** Billions of floating-point operations per second (2·m·n·k per GEMM); higher is better. */
  GFLOPS("gflops", true),
  /** Milliseconds per operation (a training step); lower is better. */
  MS("ms", false),
  /** Model training steps completed per second, over all threads; higher is better. */
  STEPS_PER_S("steps_per_s", true),
  /** Federated client updates (one client's local training of a round) completed per second; higher is better. */
  UPDATES_PER_S("updates_per_s", true);

  private final String key;
  private final boolean higherIsBetter;

  Metric(String key, boolean higherIsBetter) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  /** The name used in tables and in the JSON file. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** How many times better {@code fast} is than {@code fallback} (above 1 means faster). */
  public double speedup(double fast, double fallback) {
    return higherIsBetter ? fast / fallback : fallback / fast;
  }
}
