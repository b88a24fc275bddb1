package org.probity.federated.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** Statistics against values worked out by hand (see the comments), and worst-k against a naive selection. */
class ClientDistributionTest {
  private static final double EPS = 1e-12;

  @Test
  void fiveValuesWithATie() {
    // sorted 1 1 3 4 5; mean 2.8; squared deviations 3.24+3.24+0.04+1.44+4.84 = 12.8, /5 = 2.56, std 1.6
    // h = 4p: p10 h=0.4 -> 1; p25 h=1 -> 1; p50 h=2 -> 3; p75 h=3 -> 4; p90 h=3.6 -> 4 + 0.6 = 4.6
    // worst 10%: ceil(0.5) = 1 client -> 1
    ClientDistribution d = ClientDistribution.of(new double[] {3, 1, 4, 1, 5});
    assertEquals(5, d.n());
    assertEquals(2.8, d.mean(), EPS);
    assertEquals(1.6, d.std(), EPS);
    assertEquals(1, d.min(), EPS);
    assertEquals(5, d.max(), EPS);
    assertEquals(1, d.p10(), EPS);
    assertEquals(1, d.p25(), EPS);
    assertEquals(3, d.median(), EPS);
    assertEquals(4, d.p75(), EPS);
    assertEquals(4.6, d.p90(), EPS);
    assertEquals(1, d.worst10Mean(), EPS);
  }

  @Test
  void fourValuesInterpolateBetweenRanks() {
    // h = 3p: p10 h=0.3 -> 13; p25 h=0.75 -> 17.5; p50 h=1.5 -> 25; p75 h=2.25 -> 32.5; p90 h=2.7 -> 37
    // std = sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125)
    ClientDistribution d = ClientDistribution.of(Map.of(7, 40.0, 3, 10.0, 9, 30.0, 1, 20.0));
    assertEquals(25, d.mean(), EPS);
    assertEquals(Math.sqrt(125), d.std(), EPS);
    assertEquals(13, d.p10(), EPS);
    assertEquals(17.5, d.p25(), EPS);
    assertEquals(25, d.median(), EPS);
    assertEquals(32.5, d.p75(), EPS);
    assertEquals(37, d.p90(), EPS);
    assertEquals(10, d.worst10Mean(), EPS);
  }

  @Test
  void oneClient() {
    ClientDistribution d = ClientDistribution.of(new double[] {0.7});
    assertEquals(0.7, d.mean(), EPS);
    assertEquals(0, d.std(), EPS);
    assertEquals(0.7, d.p10(), EPS);
    assertEquals(0.7, d.p90(), EPS);
    assertEquals(0.7, d.worst10Mean(), EPS);
  }

  @Test
  void worstTenPercentCountsCeilingOfATenth() {
    assertEquals(1, ClientDistribution.worstCount(1, 0.1));
    assertEquals(1, ClientDistribution.worstCount(9, 0.1));
    assertEquals(1, ClientDistribution.worstCount(10, 0.1));
    assertEquals(2, ClientDistribution.worstCount(11, 0.1));
    assertEquals(3, ClientDistribution.worstCount(30, 0.1), "0.1 * 30 is 3.0000000000000004 in floating point");
    assertEquals(10, ClientDistribution.worstCount(100, 0.1));
    // 1..30: the lowest 3 are 1, 2, 3 -> 2; 1..11: the lowest 2 -> 1.5
    assertEquals(2, ClientDistribution.of(range(30)).worst10Mean(), EPS);
    assertEquals(1.5, ClientDistribution.of(range(11)).worst10Mean(), EPS);
    // ties at the cut: three clients at 0.2 among 12 -> the lowest 2 are both 0.2
    double[] tied = new double[12];
    Arrays.fill(tied, 0.9);
    tied[3] = 0.2;
    tied[8] = 0.2;
    tied[5] = 0.2;
    assertEquals(0.2, ClientDistribution.of(tied).worst10Mean(), EPS);
  }

  @Test
  void worstMeanMatchesNaiveRepeatedMinimum() {
    Rng rng = new Rng(11);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + (int) (rng.nextDouble() * 40);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = Math.floor(rng.nextDouble() * 5) / 4; // many ties
      }
      int k = (n + 9) / 10;
      boolean[] used = new boolean[n];
      double s = 0;
      for (int j = 0; j < k; j++) {
        int best = -1;
        for (int i = 0; i < n; i++) {
          if (!used[i] && (best < 0 || v[i] < v[best])) {
            best = i;
          }
        }
        used[best] = true;
        s += v[best];
      }
      ClientDistribution d = ClientDistribution.of(v);
      assertEquals(s / k, d.worst10Mean(), EPS, "n=" + n);
      assertTrue(d.min() <= d.p10() && d.p10() <= d.p25() && d.p25() <= d.median() && d.median() <= d.p75()
          && d.p75() <= d.p90() && d.p90() <= d.max(), d.toString());
    }
  }

  @Test
  void badInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ClientDistribution.of(new double[0]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientDistribution.of(new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("value 1 is NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClientDistribution.percentileOfSorted(new double[] {1}, 1.5));
  }

  private static double[] range(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = n - i; // descending, so sorting matters
    }
    return v;
  }
}
