package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Poisson batches against their distribution: sizes with mean q·n and variance q·n·(1 − q), and
 * each row chosen with frequency q, all within five standard errors; plus reproducibility by step.
 */
class PoissonBatchesTest {
  private final Dataset data = Blobs.make("poisson", 1000, new Rng(1));

  @Test
  void batchSizesHaveTheBinomialMeanAndVariance() {
    double q = 0.05;
    int n = data.size();
    int steps = 4000;
    PoissonBatches source = new PoissonBatches(data, q, new Rng(2));
    double sum = 0;
    double sumSq = 0;
    long[] perRow = new long[n];
    for (int t = 0; t < steps; t++) {
      int[] idx = source.indices(t);
      for (int k = 1; k < idx.length; k++) {
        assertTrue(idx[k] > idx[k - 1], "rows must be distinct and increasing");
      }
      for (int i : idx) {
        perRow[i]++;
      }
      sum += idx.length;
      sumSq += (double) idx.length * idx.length;
    }
    double mean = sum / steps;
    double var = (sumSq - steps * mean * mean) / (steps - 1);
    double expMean = q * n;
    double expVar = q * n * (1 - q);
    assertEquals(expMean, mean, 5 * Math.sqrt(expVar / steps), "mean batch size");
    // The sample variance of near-normal sizes has standard error var·√(2/(T−1)).
    assertEquals(expVar, var, 5 * expVar * Math.sqrt(2.0 / (steps - 1)), "batch size variance");
    // Each row's count is Binomial(T, q): a chi-square over rows catches rows favoured or skipped.
    double chi2 = 0;
    double e = steps * q;
    for (long c : perRow) {
      chi2 += (c - e) * (c - e) / (e * (1 - q));
    }
    // χ²(n) has mean n and sd √(2n).
    assertEquals(n, chi2, 5 * Math.sqrt(2.0 * n), "per-row inclusion frequencies");
  }

  @Test
  void aStepsBatchDependsOnlyOnTheStepAndRareDrawsCanBeEmpty() {
    BatchSource a = BatchSource.poisson(data, 0.01, new Rng(3));
    BatchSource b = BatchSource.poisson(data, 0.01, new Rng(3));
    Batch late = a.next(17, new Rng(99));
    a.next(3, new Rng(0));
    assertArrayEquals(late.indices(), a.next(17, new Rng(5)).indices());
    assertArrayEquals(late.indices(), b.next(17, new Rng(6)).indices());
    PoissonBatches tiny = new PoissonBatches(data, 1e-4, new Rng(4));
    int empty = 0;
    for (int t = 0; t < 200; t++) {
      if (tiny.indices(t).length == 0) {
        empty++;
      }
    }
    // P(empty) = (1 − 1e-4)^1000 ≈ 0.905.
    assertTrue(empty > 150 && empty < 200, empty + " empty batches of 200");
    Batch none = data.batch(tiny.indices(firstEmpty(tiny)));
    assertEquals(0, none.size());
    assertEquals(0, none.x().dim(0));
  }

  private static int firstEmpty(PoissonBatches p) {
    for (int t = 0; ; t++) {
      if (p.indices(t).length == 0) {
        return t;
      }
    }
  }

  @Test
  void rateOneTakesEveryRowAndBadRatesAreRefused() {
    assertEquals(data.size(), new PoissonBatches(data, 1.0, new Rng(5)).indices(0).length);
    for (double q : new double[] {0, -0.1, 1.5, Double.NaN}) {
      TrainConfigException e = assertThrows(TrainConfigException.class, () -> BatchSource.poisson(data, q, new Rng(6)));
      assertTrue(e.getMessage().contains(String.valueOf(q)), e.getMessage());
    }
  }
}
