package org.probity.cli.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times an operation the way a fair in-process comparison needs: warm up until the JIT has
 * compiled the hot path (until the time per call stops improving, since Vector-API code runs
 * orders of magnitude slower before C2 compiles it and a busy machine compiles late), choose how
 * many calls make one repetition long enough for the clock, then report the median over
 * repetitions, which shrugs off the odd GC pause or a neighbour's burst of CPU better than the
 * mean does. Fast path and fallback go through the same runner with the same budget.
 */
public final class BenchRunner {
  /**
   * How long to measure. Warm-up: untimed calls (at least one) in chunks of a third of
   * {@code minWarmupNanos}, for at least {@code minWarmupNanos} and until the time per call has
   * stopped improving ({@link #SETTLE_CHUNKS} chunks in a row without a gain of
   * {@link #STABLE_GAIN} over the best), but never past {@code maxWarmupNanos}. Then
   * {@code repetitions} timed repetitions of at least {@code minRepetitionNanos} each, or fewer for
   * slow operations (never under {@link #MIN_REPETITIONS}) so that the timed part stays near
   * {@code maxTimedNanos}.
   */
  public record Budget(long minWarmupNanos, long maxWarmupNanos, int repetitions, long minRepetitionNanos,
      long maxTimedNanos) {
    public Budget {
      if (minWarmupNanos < 0 || maxWarmupNanos < minWarmupNanos || minRepetitionNanos < 0 || maxTimedNanos < 0
          || repetitions < 1) {
        throw new IllegalArgumentException("bench budget: need 0 <= min warm-up <= max warm-up, times >= 0 and"
            + " repetitions >= 1, got warm-up " + minWarmupNanos + ".." + maxWarmupNanos + " ns, " + repetitions
            + " repetitions of at least " + minRepetitionNanos + " ns, at most " + maxTimedNanos + " ns timed");
      }
    }

    /** One warm-up call and one call per repetition, for tests. */
    public static Budget minimal(int repetitions) {
      return new Budget(0, 0, repetitions, 0, Long.MAX_VALUE);
    }
  }

  /** Repetitions kept however slow the operation, so the median still discards an outlier. */
  public static final int MIN_REPETITIONS = 3;

  /** A warm-up chunk this much faster per call than the best before it means the JIT is still at work. */
  public static final double STABLE_GAIN = 0.05;

  /** Warm-up chunks in a row without such a gain that count as settled. */
  public static final int SETTLE_CHUNKS = 3;

  /**
   * The default: 0.6 to 6 s of warm-up, then the median of 5 repetitions of at least 0.1 s, or of 3
   * when one call takes longer than 0.6 s (the plain-loop GEMM at n = 1024).
   */
  public static final Budget STANDARD = new Budget(600_000_000L, 6_000_000_000L, 5, 100_000_000L, 3_000_000_000L);

  private final Budget budget;
  private final LongSupplier clock;

  public BenchRunner(Budget budget) {
    this(budget, System::nanoTime);
  }

  /** With a clock in nanoseconds other than {@link System#nanoTime()} (tests). */
  BenchRunner(Budget budget, LongSupplier clock) {
    this.budget = budget;
    this.clock = clock;
  }

  public static BenchRunner standard() {
    return new BenchRunner(STANDARD);
  }

  public Budget budget() {
    return budget;
  }

  /** The median wall-clock seconds one call of {@code op} takes. */
  public double secondsPerCall(Runnable op) {
    return secondsPerCall(new Runnable[] {op})[0];
  }

  /**
   * The median seconds per call of each op, with their repetitions interleaved (a, b, a, b, ...)
   * so that a slow drift of the machine's speed (frequency, neighbours on a shared host) moves
   * both alike instead of biasing their ratio; on the 2-core reference VM, measuring one after the
   * other let the same ratio swing by a third between runs.
   */
  public double[] secondsPerCall(Runnable... ops) {
    int n = ops.length;
    long[] inner = new long[n];
    int count = budget.repetitions();
    double roundNanos = 0;
    for (int j = 0; j < n; j++) {
      double perCall = warmUp(ops[j]);
      inner[j] = Math.max(1, (long) Math.ceil(budget.minRepetitionNanos() / Math.max(perCall, 1.0)));
      roundNanos += inner[j] * perCall;
    }
    if (count > MIN_REPETITIONS && count * roundNanos > budget.maxTimedNanos() * n) {
      count = (int) Math.max(MIN_REPETITIONS, budget.maxTimedNanos() * n / roundNanos);
    }
    double[][] reps = new double[n][count];
    for (int r = 0; r < count; r++) {
      for (int j = 0; j < n; j++) {
        long t0 = clock.getAsLong();
        for (long i = 0; i < inner[j]; i++) {
          ops[j].run();
        }
        reps[j][r] = (clock.getAsLong() - t0) * 1e-9 / inner[j];
      }
    }
    double[] medians = new double[n];
    for (int j = 0; j < n; j++) {
      medians[j] = median(reps[j]);
    }
    return medians;
  }

  /**
   * Runs {@code op} untimed until its speed settles: {@value #SETTLE_CHUNKS} chunks in a row without
   * a chunk {@value #STABLE_GAIN} faster per call than the best so far (a single chunk is not enough:
   * with timing noise of ±20% a noisy chunk would end the warm-up while C2 is still compiling).
   * Returns the nanoseconds per call of the best chunk.
   */
  private double warmUp(Runnable op) {
    long chunkNanos = budget.minWarmupNanos() / 3;
    long start = clock.getAsLong();
    long chunkStart = start;
    long chunkCalls = 0;
    double best = Double.POSITIVE_INFINITY;
    int sinceBest = 0;
    while (true) {
      op.run();
      chunkCalls++;
      long now = clock.getAsLong();
      if (now - chunkStart < chunkNanos) {
        continue;
      }
      double perCall = (double) (now - chunkStart) / chunkCalls;
      if (perCall < (1 - STABLE_GAIN) * best) {
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      best = Math.min(best, perCall);
      long elapsed = now - start;
      if ((sinceBest >= SETTLE_CHUNKS && elapsed >= budget.minWarmupNanos()) || elapsed >= budget.maxWarmupNanos()) {
        return best;
      }
      chunkStart = now;
      chunkCalls = 0;
    }
  }

  /** The median of {@code values} (the mean of the two middle ones for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median: no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }
}
