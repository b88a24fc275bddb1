package org.probity.privacy.accountant.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** The monotonicities every user relies on when planning a run (issue 5, "Correctness"). */
class RdpPropertyTest {
  private static double epsilon(double q, double sigma, long steps) {
    return Rdp.toEpsilon(Rdp.DEFAULT_ORDERS, Rdp.sampledGaussian(q, sigma, steps, Rdp.DEFAULT_ORDERS), 1e-5).epsilon();
  }

  @Property(tries = 40)
  void epsilonGrowsWithSteps(@ForAll @DoubleRange(min = 0.001, max = 1) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.3, max = 20) @Scale(4) double sigma, @ForAll @LongRange(min = 1, max = 100_000) long steps) {
    double e1 = epsilon(q, sigma, steps);
    double e2 = epsilon(q, sigma, steps + 1 + steps / 10);
    assertTrue(e2 >= e1, "ε(" + steps + ") = " + e1 + " > ε(more steps) = " + e2);
  }

  @Property(tries = 40)
  void epsilonGrowsWithTheSampleRate(@ForAll @DoubleRange(min = 0.001, max = 0.9) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.3, max = 20) @Scale(4) double sigma, @ForAll @LongRange(min = 1, max = 10_000) long steps) {
    double e1 = epsilon(q, sigma, steps);
    double e2 = epsilon(Math.min(1, q * 1.1), sigma, steps);
    assertTrue(e2 >= e1, "ε(q=" + q + ") = " + e1 + " > ε(1.1q) = " + e2);
  }

  @Property(tries = 40)
  void epsilonFallsWithTheNoise(@ForAll @DoubleRange(min = 0.001, max = 1) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.3, max = 20) @Scale(4) double sigma, @ForAll @LongRange(min = 1, max = 10_000) long steps) {
    double e1 = epsilon(q, sigma, steps);
    double e2 = epsilon(q, sigma * 1.05, steps);
    assertTrue(e2 <= e1, "ε(σ=" + sigma + ") = " + e1 + " < ε(1.05σ) = " + e2);
  }

  @Property(tries = 40)
  void perOrderRdpIsNonNegativeAndGrowsWithTheOrder(@ForAll @DoubleRange(min = 0.001, max = 1) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.3, max = 20) @Scale(4) double sigma) {
    double[] r = Rdp.sampledGaussian(q, sigma, 1, Rdp.DEFAULT_ORDERS);
    for (int i = 0; i < r.length; i++) {
      assertTrue(r[i] >= 0 && Double.isFinite(r[i]), "RDP at α=" + Rdp.DEFAULT_ORDERS[i] + " is " + r[i]);
      // RDP is non-decreasing in α (Mironov 2017, Prop. 9); allow rounding where values are ~1e-12.
      if (i > 0) {
        assertTrue(r[i] >= r[i - 1] * (1 - 1e-9) - 1e-13,
            "RDP fell from " + r[i - 1] + " to " + r[i] + " at α=" + Rdp.DEFAULT_ORDERS[i]);
      }
    }
  }
}
