package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class EmpiricalEpsilonHeldOutTest {
  private static double[] gaussian(int n, double mean, Rng rng) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mean + rng.nextGaussian();
    }
    return x;
  }

  @Test
  void identicalDistributionsGiveZeroAlmostAlways() {
    // ε = 0 is the truth, so a bound above 0 is a miss, which happens with probability at most 5%:
    // of 40 independent audits, more than 6 misses has probability below 0.1% under Bin(40, 0.05).
    int positive = 0;
    for (int s = 0; s < 40; s++) {
      Rng rng = new Rng(s);
      EmpiricalEpsilon.Result r = EmpiricalEpsilon.heldOut(gaussian(200, 0, rng.derive("m")),
          gaussian(200, 0, rng.derive("n")), 1e-5, 0.95, rng.derive("split"));
      assertTrue(r.epsilon() >= 0);
      positive += r.epsilon() > 0 ? 1 : 0;
    }
    assertTrue(positive <= 6, positive + " of 40 audits of identical distributions found ε > 0");
  }

  @Test
  void perfectlySeparatedScoresReachTheClosedFormClopperPearsonBound() {
    double conf = 0.95;
    double delta = 1e-5;
    // Constant sides, so the threshold the first halves pick flags every member of the second.
    double[] members = new double[101]; // halves of 50 (first) and 51 (second)
    java.util.Arrays.fill(members, 100);
    double[] non = new double[60]; // halves of 30 and 30
    java.util.Arrays.fill(non, -100);
    EmpiricalEpsilon.Result r = EmpiricalEpsilon.heldOut(members, non, delta, conf, new Rng(1));
    assertEquals(1.0, r.tpr());
    assertEquals(0.0, r.fpr());
    // Clopper–Pearson with every trial a success: lower end (α/2)^(1/n); with none: upper end 1 − (α/2)^(1/n).
    double a = (1 - conf) / 2;
    double tprLow = Math.pow(a, 1.0 / 51);
    double fprHigh = 1 - Math.pow(a, 1.0 / 30);
    double expected = Math.max(Math.log((tprLow - delta) / fprHigh), Math.log((1 - delta - fprHigh) / (1 - tprLow)));
    assertEquals(expected, r.epsilon(), 1e-9 * expected);
    // The bound on the second halves alone is below what scanning all 161 scores claims.
    assertTrue(r.epsilon() < EmpiricalEpsilon.best(members, non, delta, conf).epsilon());
  }

  @Test
  void theBoundHoldsForAGaussianTestAtItsTrueEpsilon() {
    // Members N(μ, 1) against non-members N(0, 1) is exactly μ-GDP (Dong, Roth, Su 2019), which is
    // (ε, δ)-DP iff δ >= Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2); no audit of it may exceed that ε.
    double mu = 1.5;
    double delta = 1e-5;
    double truth = gdpEpsilon(mu, delta);
    int above = 0;
    double sum = 0;
    for (int s = 0; s < 20; s++) {
      Rng rng = new Rng(100 + s);
      double e = EmpiricalEpsilon.heldOut(gaussian(500, mu, rng.derive("m")), gaussian(500, 0, rng.derive("n")), delta,
          0.95, rng.derive("split")).epsilon();
      above += e > truth ? 1 : 0;
      sum += e;
    }
    assertTrue(above <= 4, above + " of 20 audits exceeded the true ε " + truth);
    assertTrue(sum / 20 > 0.3, "a 1.5-GDP test should be detected, mean bound " + sum / 20);
  }

  static double gdpEpsilon(double mu, double delta) {
    double lo = 0;
    double hi = 50;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      double d = phi(-mid / mu + mu / 2) - Math.exp(mid) * phi(-mid / mu - mu / 2);
      if (d > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private static double phi(double x) {
    return org.probity.privacy.accountant.analysis.StandardNormal.cdf(x);
  }

  @Test
  void badInputIsNamed() {
    Rng rng = new Rng(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmpiricalEpsilon.heldOut(new double[] {1}, new double[] {0, 1}, 1e-5, 0.95, rng));
    assertTrue(e.getMessage().contains("1 members"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EmpiricalEpsilon.heldOut(new double[] {1, Double.NaN}, new double[] {0, 1}, 1e-5, 0.95, rng));
    assertThrows(IllegalArgumentException.class,
        () -> EmpiricalEpsilon.heldOut(new double[] {1, 2}, new double[] {0, 1}, 1e-5, 1.0, rng));
    assertThrows(IllegalArgumentException.class,
        () -> EmpiricalEpsilon.heldOut(new double[] {1, 2}, new double[] {0, 1}, 1e-5, 0.95, null));
  }

  @Test
  void infiniteScoresAreNotFlaggedByTheFlagNoOneThreshold() {
    // Equal distributions on the first half put the threshold at +Infinity; +Infinity scores in the
    // second half must not then count as flagged.
    double inf = Double.POSITIVE_INFINITY;
    EmpiricalEpsilon.Result r = EmpiricalEpsilon.heldOut(new double[] {inf, inf, inf, inf},
        new double[] {inf, inf, inf, inf}, 1e-5, 0.95, new Rng(3));
    assertEquals(0.0, r.epsilon());
  }
}
