package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class CanaryTrialsTest {
  @Test
  void scoresAreSortedByInclusionAndEachRunHasItsOwnStream() {
    Set<Double> seen = new HashSet<>();
    // The score is the side (1 when in), so misfiled scores would show; each run draws one number
    // from its stream, and equal draws would mean shared streams.
    CanaryTrials.Outcome o = CanaryTrials.run((in, rng) -> {
      assertTrue(seen.add(rng.nextDouble()), "two runs drew the same number: streams are not per run");
      return in ? 1 : 0;
    }, 300, 1e-5, 0.95, new Rng(5));
    assertEquals(300, seen.size());
    assertEquals(300, o.runs());
    assertEquals(150, o.memberScores().length, 4 * Math.sqrt(75));
    for (double s : o.memberScores()) {
      assertEquals(1.0, s);
    }
    for (double s : o.nonMemberScores()) {
      assertEquals(0.0, s);
    }
    // Perfectly separated: the second halves' rates are 1 and 0.
    assertEquals(1.0, o.bound().tpr());
    assertEquals(0.0, o.bound().fpr());
    assertTrue(o.epsilon() > 2, "separated scores of 300 runs: " + o.epsilon());
  }

  @Test
  void aGaussianMechanismIsNeverOverstated() {
    // The trial is the Gaussian mechanism: the canary adds 1 to a N(0, σ²) release. That is
    // (1/σ)-GDP, and its exact ε at δ = 1e-5 bounds every audit (with 95% confidence each).
    double sigma = 0.8;
    double truth = EmpiricalEpsilonHeldOutTest.gdpEpsilon(1 / sigma, 1e-5);
    int above = 0;
    double sum = 0;
    for (int s = 0; s < 10; s++) {
      double e = CanaryTrials.run((in, rng) -> (in ? 1 : 0) + sigma * rng.nextGaussian(), 600, 1e-5, 0.95,
          new Rng(40 + s)).epsilon();
      above += e > truth ? 1 : 0;
      sum += e;
    }
    assertTrue(above <= 2, above + " of 10 audits exceeded the true ε " + truth);
    assertTrue(sum / 10 > 0.3, "a 1.25-GDP mechanism should be detected, mean bound " + sum / 10);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CanaryTrials.run((in, rng) -> 0, 3, 1e-5, 0.95, new Rng(1)));
    assertTrue(e.getMessage().contains("at least 4 runs"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CanaryTrials.run(null, 10, 1e-5, 0.95, new Rng(1)));
    assertThrows(IllegalStateException.class, () -> CanaryTrials.run((in, rng) -> Double.NaN, 10, 1e-5, 0.95,
        new Rng(1)));
  }
}
