package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The runner against a fake clock that only the operation advances: exact, and no timing. */
class BenchRunnerTest {
  /** An operation whose i-th call takes durations[i] fake nanoseconds (the last one repeats). */
  private static final class FakeOp implements Runnable {
    final long[] durations;
    long now = 1_000_000;
    int calls;

    FakeOp(long... durations) {
      this.durations = durations;
    }

    @Override
    public void run() {
      now += durations[Math.min(calls, durations.length - 1)];
      calls++;
    }

    BenchRunner runner(BenchRunner.Budget budget) {
      return new BenchRunner(budget, () -> now);
    }
  }

  @Test
  void medianOfOddCountIsTheMiddleValueWhateverTheOrder() {
    assertEquals(3.0, BenchRunner.median(new double[] {9, 3, 1}));
    assertEquals(2.0, BenchRunner.median(new double[] {100, 2, 1, 2, -5}));
    assertEquals(7.5, BenchRunner.median(new double[] {7.5}));
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
    assertEquals(-1.0, BenchRunner.median(new double[] {0, -2}));
  }

  @Test
  void medianDoesNotReorderItsInput() {
    double[] xs = {3, 1, 2};
    BenchRunner.median(xs);
    assertEquals(3.0, xs[0]);
    assertEquals(1.0, xs[1]);
  }

  @Test
  void medianOfNothingIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> BenchRunner.median(new double[0]));
  }

  @Test
  void reportsTheMedianRepetitionAfterOneWarmupCall() {
    FakeOp op = new FakeOp(900, 30, 10, 20);
    double s = op.runner(BenchRunner.Budget.minimal(3)).secondsPerCall(op);
    assertEquals(1 + 3, op.calls);
    assertEquals(20e-9, s, 1e-18);
  }

  @Test
  void warmUpGoesOnWhileTheOperationKeepsGettingFaster() {
    // A JIT-like profile: halving until it settles at 100 ns.
    FakeOp op = new FakeOp(1600, 800, 400, 200, 100, 100, 100);
    double s = op.runner(new BenchRunner.Budget(0, 1_000_000, 1, 0, Long.MAX_VALUE)).secondsPerCall(op);
    // Five improving calls, three without a gain on the best, then the one timed repetition.
    assertEquals(5 + 3 + 1, op.calls);
    assertEquals(100e-9, s, 1e-18);
  }

  @Test
  void warmUpLastsAtLeastItsMinimumInChunksOfAThird() {
    FakeOp op = new FakeOp(100);
    op.runner(new BenchRunner.Budget(1000, 1_000_000, 1, 0, Long.MAX_VALUE)).secondsPerCall(op);
    // Chunks of >= 333 ns are 4 calls each: the first sets the best, three more show no gain
    // (and end at 1600 ns, past the minimum of 1000 ns).
    assertEquals(16 + 1, op.calls);
  }

  @Test
  void aNoisyChunkDoesNotEndTheWarmUpWhileTheTrendIsStillDown() {
    // 1000, then a lucky 500, a slow 900, then steady improvement to 100.
    FakeOp op = new FakeOp(1000, 500, 900, 400, 300, 200, 100, 100);
    op.runner(new BenchRunner.Budget(0, 1_000_000, 1, 0, Long.MAX_VALUE)).secondsPerCall(op);
    // Improvements at calls 1, 2, 4, 5, 6, 7; then three calls without a gain; then the repetition.
    assertEquals(7 + 3 + 1, op.calls);
  }

  @Test
  void warmUpStopsAtItsCapEvenWhileTheOperationKeepsGettingFaster() {
    FakeOp op = new FakeOp(600, 300, 150, 75, 37, 18, 9, 4, 2, 1);
    op.runner(new BenchRunner.Budget(0, 1000, 1, 0, Long.MAX_VALUE)).secondsPerCall(op);
    // 600 + 300 = 900 < 1000; the third call passes the cap.
    assertEquals(3 + 1, op.calls);
  }

  @Test
  void shortOperationsAreRepeatedWithinARepetition() {
    FakeOp op = new FakeOp(100);
    double s = op.runner(new BenchRunner.Budget(0, 0, 3, 1000, Long.MAX_VALUE)).secondsPerCall(op);
    // 10 calls of 100 ns make one repetition of the minimum 1000 ns.
    assertEquals(1 + 3 * 10, op.calls);
    assertEquals(100e-9, s, 1e-18);
  }

  @Test
  void slowOperationsKeepAtLeastThreeRepetitions() {
    FakeOp op = new FakeOp(1000);
    op.runner(new BenchRunner.Budget(0, 0, 7, 0, 4500)).secondsPerCall(op);
    assertEquals(1 + 4, op.calls, "4 repetitions of 1000 ns fit in 4500 ns");
    FakeOp slower = new FakeOp(1000);
    slower.runner(new BenchRunner.Budget(0, 0, 7, 0, 0)).secondsPerCall(slower);
    assertEquals(1 + BenchRunner.MIN_REPETITIONS, slower.calls);
  }

  @Test
  void rejectsAnEmptyOrInconsistentBudget() {
    assertThrows(IllegalArgumentException.class, () -> new BenchRunner.Budget(0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new BenchRunner.Budget(-1, 0, 3, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new BenchRunner.Budget(5, 1, 3, 0, 0));
  }

  @Test
  void pairedMeasurementInterleavesTheRepetitionsAndTimesEachOpOnItsOwn() {
    long[] now = {1_000_000};
    StringBuilder order = new StringBuilder();
    Runnable a = () -> {
      now[0] += 100;
      order.append('a');
    };
    Runnable b = () -> {
      now[0] += 300;
      order.append('b');
    };
    BenchRunner runner = new BenchRunner(BenchRunner.Budget.minimal(3), () -> now[0]);
    double[] s = runner.secondsPerCall(a, b);
    assertEquals(100e-9, s[0], 1e-15);
    assertEquals(300e-9, s[1], 1e-15);
    String timed = order.substring(order.length() - 6);
    assertEquals("ababab", timed, "the timed repetitions alternate between the two ops: " + order);
  }
}
