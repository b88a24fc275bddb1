package org.probity.privacy.accountant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** noiseFor inverts ε(σ), and maxSteps inverts ε(steps) (issue 5, "Correctness"). */
class NoiseCalibrationPropertyTest {
  @Property(tries = 15)
  void noiseForInvertsEpsilon(@ForAll @DoubleRange(min = 0.001, max = 1) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.4, max = 10) @Scale(3) double sigma, @ForAll @LongRange(min = 1, max = 5000) long steps) {
    double eps = NoiseCalibration.epsilon(sigma, q, steps, 1e-5);
    double back = NoiseCalibration.noiseFor(eps, 1e-5, q, steps);
    // ε(σ) is continuous and strictly decreasing, so the smallest σ reaching ε(σ) is σ itself.
    assertEquals(sigma, back, 1e-6 * sigma, "ε = " + eps);
    assertTrue(NoiseCalibration.epsilon(back, q, steps, 1e-5) <= eps);
  }

  @Property(tries = 15)
  void maxStepsBracketsTheBudget(@ForAll @DoubleRange(min = 0.001, max = 0.5) @Scale(4) double q,
      @ForAll @DoubleRange(min = 0.6, max = 5) @Scale(3) double sigma, @ForAll @DoubleRange(min = 0.5, max = 10) @Scale(2) double budget) {
    long t = NoiseCalibration.maxSteps(budget, 1e-5, sigma, q);
    if (t > 0) {
      assertTrue(NoiseCalibration.epsilon(sigma, q, t, 1e-5) <= budget);
    }
    assertTrue(NoiseCalibration.epsilon(sigma, q, t + 1, 1e-5) > budget);
  }
}
