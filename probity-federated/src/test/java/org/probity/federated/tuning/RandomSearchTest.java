package org.probity.federated.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** Random search on stored errors: brute-force argmin when noiseless, common random numbers, quantiles. */
class RandomSearchTest {
  private static double[][] errors(int configs, int users, Rng rng) {
    double[][] e = new double[configs][users];
    for (int c = 0; c < configs; c++) {
      for (int u = 0; u < users; u++) {
        e[c][u] = rng.nextDouble();
      }
    }
    return e;
  }

  private static double[] weighted(double[][] e, double[] sizes) {
    double[] t = new double[e.length];
    for (int c = 0; c < e.length; c++) {
      double num = 0;
      double den = 0;
      for (int u = 0; u < sizes.length; u++) {
        num += e[c][u] * sizes[u];
        den += sizes[u];
      }
      t[c] = num / den;
    }
    return t;
  }

  @Test
  void noiselessSearchPicksTheBruteForceArgmin() {
    Rng rng = new Rng(9);
    double[][] e = errors(40, 12, rng.derive("errors"));
    double[] sizes = new double[12];
    for (int u = 0; u < sizes.length; u++) {
      sizes[u] = 1 + rng.nextInt(50);
    }
    double[] truth = weighted(e, sizes);
    RandomSearch rs = new RandomSearch(16);
    RandomSearch.Scorer scorer = RandomSearch.noisy(e, sizes, NoisyEvaluation.noiseless());
    for (int t = 0; t < 50; t++) {
      RandomSearch.Trial trial = rs.trial(truth, scorer, rng.derive(t));
      Set<Integer> distinct = new HashSet<>();
      int best = -1;
      double runningMin = Double.POSITIVE_INFINITY;
      for (int i = 0; i < trial.configs().length; i++) {
        int c = trial.configs()[i];
        distinct.add(c);
        if (truth[c] < runningMin) {
          runningMin = truth[c];
          best = c;
        }
        assertEquals(runningMin, trial.incumbentTrueError()[i], 1e-12, "incumbent after " + (i + 1));
      }
      assertEquals(16, distinct.size(), "configurations are drawn without replacement");
      assertEquals(best, trial.pick());
      assertEquals(truth[best], trial.trueError(), 1e-12);
    }
  }

  @Test
  void proxyScoresPickTheProxyArgminAndReportItsTrueError() {
    double[] truth = {0.5, 0.1, 0.4, 0.3, 0.2};
    double[] proxy = {0.05, 0.9, 0.8, 0.7, 0.6};
    RandomSearch rs = new RandomSearch(5);
    RandomSearch.Trial trial = rs.trial(truth, RandomSearch.fixed(proxy), new Rng(1));
    assertEquals(0, trial.pick());
    assertEquals(0.5, trial.trueError());
    double[] picks = rs.run(7, truth, RandomSearch.fixed(proxy), new Rng(2));
    for (double p : picks) {
      assertEquals(0.5, p);
    }
  }

  @Test
  void settingsShareTheTrialsConfigurations() {
    Rng rng = new Rng(4);
    double[][] e = errors(30, 20, rng.derive("e"));
    double[] sizes = new double[20];
    java.util.Arrays.fill(sizes, 1);
    double[] truth = weighted(e, sizes);
    RandomSearch rs = new RandomSearch(16);
    RandomSearch.Trial a = rs.trial(truth, RandomSearch.noisy(e, sizes, NoisyEvaluation.noiseless()), rng.derive(7));
    RandomSearch.Trial b = rs.trial(truth, RandomSearch.noisy(e, sizes, NoisyEvaluation.subsampled(1)),
        rng.derive(7));
    assertArrayEquals(a.configs(), b.configs());
    assertNotEquals(java.util.Arrays.toString(a.scores()), java.util.Arrays.toString(b.scores()));
  }

  @Test
  void noisyScoresDoWorseOnAverage() {
    // A pool where clients disagree a lot: one client is a poor guide to the population error.
    Rng rng = new Rng(12);
    double[][] e = errors(64, 100, rng.derive("e"));
    double[] sizes = new double[100];
    java.util.Arrays.fill(sizes, 1);
    for (int c = 0; c < 64; c++) {
      for (int u = 0; u < 100; u++) {
        e[c][u] = Math.min(1, 0.6 * e[c][u] + 0.4 * c / 64.0);
      }
    }
    double[] truth = weighted(e, sizes);
    RandomSearch rs = new RandomSearch(16);
    double clean = RandomSearch.median(rs.run(200, truth, RandomSearch.noisy(e, sizes, NoisyEvaluation.noiseless()),
        rng.derive("rs")));
    double noisy = RandomSearch.median(rs.run(200, truth, RandomSearch.noisy(e, sizes, NoisyEvaluation.subsampled(1)),
        rng.derive("rs")));
    assertTrue(noisy > clean + 0.02, "noisy " + noisy + " vs clean " + clean);
  }

  @Test
  void quantilesInterpolateLinearly() {
    assertEquals(2.5, RandomSearch.median(new double[] {4, 1, 3, 2}), 1e-15);
    assertEquals(3, RandomSearch.median(new double[] {5, 1, 3}), 1e-15);
    assertEquals(1, RandomSearch.quantile(new double[] {0, 1, 2, 3, 4}, 0.25), 1e-15);
    assertEquals(1.75, RandomSearch.quantile(new double[] {0, 1, 2, 3}, 0.583333333333333333), 1e-12);
    assertEquals(2, RandomSearch.iqr(new double[] {0, 1, 2, 3, 4}), 1e-15);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RandomSearch(0));
    assertThrows(IllegalArgumentException.class, () -> new RandomSearch(16).trial(new double[4],
        RandomSearch.fixed(new double[4]), new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> RandomSearch.quantile(new double[0], 0.5));
  }
}
