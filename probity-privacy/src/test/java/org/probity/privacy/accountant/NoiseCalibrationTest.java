package org.probity.privacy.accountant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.analysis.Rdp;

class NoiseCalibrationTest {
  @Test
  void givesBackThePflDocVqaNoiseMultipliers() {
    // The competition's σ for ε = 1 / 4 / 8 at q = 0.025, T = 5, δ = 1e-5 (notes §11); the official
    // calculator rounds ε to 1.0057 / 3.9959 / 8.0039 for them, so inverting those ε must give σ back.
    assertEquals(1.145, NoiseCalibration.noiseFor(1.0057, 1e-5, 0.025, 5), 1e-3);
    assertEquals(0.637, NoiseCalibration.noiseFor(3.9959, 1e-5, 0.025, 5), 1e-3);
    assertEquals(0.468, NoiseCalibration.noiseFor(8.0039, 1e-5, 0.025, 5), 1e-3);
  }

  @Test
  void fullBatchOneStep() {
    // Notes §0.1 [ours]: q = 1, one step, δ = 1e-5: ε = 1 needs σ ≈ 4.05 and ε = 0.25 needs σ ≈ 14.57.
    assertEquals(4.05, NoiseCalibration.noiseFor(1, 1e-5, 1, 1), 0.005);
    assertEquals(14.57, NoiseCalibration.noiseFor(0.25, 1e-5, 1, 1), 0.005);
  }

  @Test
  void returnsTheSmallestNoiseThatMeetsTheTarget() {
    double sigma = NoiseCalibration.noiseFor(2.0, 1e-6, 0.01, 3000);
    assertTrue(NoiseCalibration.epsilon(sigma, 0.01, 3000, 1e-6) <= 2.0);
    assertTrue(NoiseCalibration.epsilon(sigma * (1 - 1e-6), 0.01, 3000, 1e-6) > 2.0);
  }

  @Test
  void unreachableTargetNamesTheSmallestReachableEpsilon() {
    double smallest = NoiseCalibration.epsilon(NoiseCalibration.MAX_NOISE, 1, 1_000_000, 1e-5);
    IllegalArgumentException e = Messages.assertMessage("is unreachable in 1000000 steps",
        () -> NoiseCalibration.noiseFor(0.01, 1e-5, 1, 1_000_000));
    assertTrue(e.getMessage().contains(String.format("the smallest reachable ε is %.6g", smallest)), e.getMessage());
  }

  @Test
  void maxStepsIsTheLastStepWithinBudget() {
    long t = NoiseCalibration.maxSteps(3.0, 1e-5, 1.0, 0.01);
    assertTrue(t > 0);
    assertTrue(NoiseCalibration.epsilon(1.0, 0.01, t, 1e-5) <= 3.0);
    assertTrue(NoiseCalibration.epsilon(1.0, 0.01, t + 1, 1e-5) > 3.0);
    // ε of one full-batch step at σ = 0.5 is far above 0.01.
    assertEquals(0, NoiseCalibration.maxSteps(0.01, 1e-5, 0.5, 1));
  }

  @Test
  void maxStepsAndNoiseForAgree() {
    double sigma = NoiseCalibration.noiseFor(1.5, 1e-5, 0.02, 800);
    assertTrue(NoiseCalibration.maxSteps(1.5, 1e-5, sigma, 0.02) >= 800);
    assertTrue(NoiseCalibration.maxSteps(1.5, 1e-5, sigma * 0.99, 0.02) < 800);
  }

  @Test
  void zeroBudgetAndOtherBadInput() {
    Messages.assertMessage("ε must be a finite number > 0, got 0.0 (a budget of zero allows no private step)",
        () -> NoiseCalibration.maxSteps(0, 1e-5, 1, 0.1));
    Messages.assertMessage("NoiseCalibration.noiseFor: ε must be a finite number > 0, got -1.0",
        () -> NoiseCalibration.noiseFor(-1, 1e-5, 0.1, 10));
    Messages.assertMessage("NoiseCalibration.noiseFor: δ must be in (0, 1), got 0.0",
        () -> NoiseCalibration.noiseFor(1, 0, 0.1, 10));
    Messages.assertMessage("NoiseCalibration.noiseFor: sample rate q must be in (0, 1], got 0.0",
        () -> NoiseCalibration.noiseFor(1, 1e-5, 0, 10));
    Messages.assertMessage("NoiseCalibration.noiseFor: steps must be >= 1, got 0",
        () -> NoiseCalibration.noiseFor(1, 1e-5, 0.1, 0));
    Messages.assertMessage("NoiseCalibration.maxSteps: noise multiplier σ must be a finite number > 0, got 0.0",
        () -> NoiseCalibration.maxSteps(1, 1e-5, 0, 0.1));
  }

  @Test
  void integerOnlyGridCanBePassed() {
    double[] ints = {2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 32, 64};
    // Fewer orders can only give a larger ε, so the noise needed is at least as large.
    assertTrue(NoiseCalibration.noiseFor(8, 1e-5, 0.025, 5, ints) >= NoiseCalibration.noiseFor(8, 1e-5, 0.025, 5));
    assertTrue(NoiseCalibration.epsilon(0.468, 0.025, 5, 1e-5, ints)
        >= NoiseCalibration.epsilon(0.468, 0.025, 5, 1e-5, Rdp.DEFAULT_ORDERS));
  }
}
