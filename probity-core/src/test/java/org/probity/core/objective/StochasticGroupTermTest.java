package org.probity.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/** The group-level stochastic TERM solver: its estimates, its sampling frequencies and its batches. */
class StochasticGroupTermTest {
  @Test
  void estimatesFollowTheEmaOfExpTLoss() {
    double t = -2;
    StochasticGroupTerm term = new StochasticGroupTerm(4, t);
    assertEquals(0.25, term.estimate(2), 1e-15, "start at 1/numGroups");
    double e = 0.25;
    double[] losses = {2.3, 0.4, 1.0};
    for (double l : losses) {
      term.observe(2, l);
      e = 0.2 * Math.exp(t * l) + 0.8 * e;
      assertEquals(e, term.estimate(2), 1e-14);
    }
    assertEquals(0.25, term.estimate(0), 1e-15, "other groups untouched");
    double[] p = term.probabilities();
    assertEquals(e / (0.75 + e), p[2], 1e-12);
    // Large positive t·loss does not overflow the sampling probabilities.
    StochasticGroupTerm hot = new StochasticGroupTerm(2, 5);
    hot.observe(0, 400);
    assertEquals(1.0, hot.probabilities()[0], 1e-12);
    assertTrue(Double.isFinite(hot.logEstimate(0)));
  }

  @Test
  void samplingFrequenciesMatchTheProbabilities() {
    StochasticGroupTerm term = new StochasticGroupTerm(3, 1.0, 1.0, 1.0);
    // With EMA weight 1 each estimate is exp(t·loss): choose losses for ratios 5 : 3 : 2.
    term.observe(0, Math.log(5));
    term.observe(1, Math.log(3));
    term.observe(2, Math.log(2));
    double[] p = term.probabilities();
    assertEquals(0.5, p[0], 1e-12);
    assertEquals(0.3, p[1], 1e-12);
    assertEquals(0.2, p[2], 1e-12);
    Rng rng = new Rng(42);
    int n = 20000;
    int[] counts = new int[3];
    for (int i = 0; i < n; i++) {
      int g = term.nextGroup(rng);
      assertEquals(g, term.lastGroup());
      counts[g]++;
    }
    for (int g = 0; g < 3; g++) {
      double sd = Math.sqrt(p[g] * (1 - p[g]) / n);
      assertEquals(p[g], counts[g] / (double) n, 4 * sd, "frequency of group " + g);
    }
  }

  @Test
  void negativeTiltStarvesHighLossGroupsInTheClosedLoop() {
    // Fixed group losses (a stand-in for noisy annotators): each estimate converges to exp(t·L_g),
    // so the sampling distribution tends to exp(t·L_g) / Σ_h exp(t·L_h).
    double t = -2;
    double[] loss = {0.3, 0.5, 2.3, 2.3};
    StochasticGroupTerm term = new StochasticGroupTerm(4, t);
    Rng rng = new Rng(3);
    int[] late = new int[4];
    int steps = 6000;
    for (int s = 0; s < steps; s++) {
      int g = term.nextGroup(rng);
      term.observe(g, loss[g]);
      if (s >= steps / 2) {
        late[g]++;
      }
    }
    double z = 0;
    for (double l : loss) {
      z += Math.exp(t * l);
    }
    double[] p = term.probabilities();
    for (int g = 0; g < 4; g++) {
      double target = Math.exp(t * loss[g]) / z;
      assertEquals(target, p[g], 1e-3, "limit probability of group " + g);
      double sd = Math.sqrt(target * (1 - target) / (steps / 2.0));
      assertEquals(target, late[g] / (steps / 2.0), 5 * sd, "late sampling frequency of group " + g);
    }
    assertTrue(p[2] < 0.05, "noisy groups are sampled rarely: " + p[2]);
  }

  @Test
  void batchesComeFromTheSampledGroupWithoutRepeats() {
    int[] groups = {0, 2, 2, 0, 2, 0, 2, 2, 0, 2};
    float[] f = new float[groups.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = i;
    }
    Dataset data = Dataset.regression("toy", Tensor.of(f, groups.length, 1), Tensor.vector(f)).withGroups(groups);
    StochasticGroupTerm term = StochasticGroupTerm.forGroups(groups, -1);
    assertEquals(3, term.numGroups());
    assertEquals(0.0, term.probabilities()[1], 0.0, "group 1 has no rows and is never sampled");
    Rng rng = new Rng(11);
    for (int s = 0; s < 200; s++) {
      Batch b = term.nextBatch(data, 4, rng);
      int g = term.lastGroup();
      assertTrue(g == 0 || g == 2);
      assertEquals(4, b.size());
      Set<Integer> seen = new HashSet<>();
      for (int k = 0; k < b.size(); k++) {
        int row = b.indices()[k];
        assertEquals(g, groups[row], "row " + row + " belongs to the sampled group");
        assertEquals(g, b.groups()[k]);
        assertTrue(seen.add(row), "no row twice in one batch");
      }
      term.observe(g, 1.0);
    }
    int[] whole = term.nextIndices(100, rng);
    assertEquals(term.members(term.lastGroup()).length, whole.length, "a small group comes whole");
    assertThrows(IllegalArgumentException.class, () -> term.observe(1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> term.observe(0, Double.NaN));
    assertThrows(IllegalStateException.class, () -> new StochasticGroupTerm(3, -1).nextIndices(4, rng));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StochasticGroupTerm(3, -1, 1.5, 1));
    assertTrue(e.getMessage().contains("emaWeight") && e.getMessage().contains("1.5"), e.getMessage());
  }
}
