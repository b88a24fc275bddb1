package org.probity.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule values at chosen steps, against the formulas written out here. */
class SchedulesTest {
  @Test
  void constantAndLinear() {
    Schedule c = Schedules.constant(0.3);
    assertEquals(0.3, c.at(0));
    assertEquals(0.3, c.at(1_000_000));
    Schedule l = Schedules.linear(1.0, 0.0, 10);
    assertEquals(1.0, l.at(0), 1e-15);
    assertEquals(0.7, l.at(3), 1e-15);
    assertEquals(0.0, l.at(10), 1e-15);
    assertEquals(0.0, l.at(50), 1e-15);
  }

  @Test
  void stepAndMultiStepDecay() {
    Schedule s = Schedules.step(0.1, 30, 0.1);
    assertEquals(0.1, s.at(0), 1e-15);
    assertEquals(0.1, s.at(29), 1e-15);
    assertEquals(0.01, s.at(30), 1e-15);
    assertEquals(0.001, s.at(60), 1e-15);
    assertEquals(0.001, s.at(89), 1e-15);
    Schedule m = Schedules.multiStep(0.1, 0.1, 50, 80);
    assertEquals(0.1, m.at(49), 1e-15);
    assertEquals(0.01, m.at(50), 1e-15);
    assertEquals(0.001, m.at(80), 1e-15);
  }

  @Test
  void cosineHitsItsEndsAndMidpoint() {
    Schedule c = Schedules.cosine(1.0, 100, 0.1);
    assertEquals(1.0, c.at(0), 1e-12);
    assertEquals(0.55, c.at(50), 1e-12, "midpoint: (lr + minLr) / 2");
    assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), c.at(25), 1e-12);
    assertEquals(0.1, c.at(100), 1e-12);
    assertEquals(0.1, c.at(1000), 1e-12, "stays at minLr");
  }

  @Test
  void warmupRampsLinearlyThenHandsOver() {
    Schedule w = Schedules.warmup(10, Schedules.step(1.0, 5, 0.5));
    assertEquals(0.0, w.at(0), 1e-15);
    assertEquals(0.4, w.at(4), 1e-15);
    assertEquals(1.0, w.at(10), 1e-15);
    assertEquals(0.5, w.at(15), 1e-15, "the step schedule counts from the end of the warm-up");
    Schedule from = Schedules.warmup(4, 0.2, Schedules.constant(1.0));
    assertEquals(0.2, from.at(0), 1e-15);
    assertEquals(0.6, from.at(2), 1e-15);
    assertEquals(1.0, from.at(4), 1e-15);
    Schedule wc = Schedules.warmupCosine(2.0, 10, 110, 0.0);
    assertEquals(1.0, wc.at(5), 1e-12);
    assertEquals(2.0, wc.at(10), 1e-12);
    assertEquals(1.0, wc.at(60), 1e-12);
    assertEquals(0.0, wc.at(110), 1e-12);
  }

  @Test
  void joinRestartsEachScheduleAtItsBoundary() {
    Schedule j = Schedules.join(
        new Schedule[] {Schedules.constant(1.0), Schedules.linear(0.5, 0.0, 10), Schedules.constant(0.01)},
        new int[] {5, 15});
    assertEquals(1.0, j.at(4), 1e-15);
    assertEquals(0.5, j.at(5), 1e-15);
    assertEquals(0.25, j.at(10), 1e-15);
    assertEquals(0.01, j.at(15), 1e-15);
    assertEquals(0.3, Schedules.scaled(0.3, Schedules.constant(1.0)).at(7), 1e-15);
    assertTrue(j.toString().startsWith("join("), j.toString());
  }

  @Test
  void badArgumentsAreNamed() {
    OptimizersTest.assertMessage(() -> Schedules.constant(-1), "constant", "value", "-1.0");
    OptimizersTest.assertMessage(() -> Schedules.step(0.1, 0, 0.5), "step", "everySteps", "0");
    OptimizersTest.assertMessage(() -> Schedules.cosine(0.1, 100, 0.2), "cosine", "minLr");
    OptimizersTest.assertMessage(() -> Schedules.cosine(Double.NaN, 100, 0), "cosine", "lr", "NaN");
    OptimizersTest.assertMessage(() -> Schedules.multiStep(0.1, 0.1, 80, 50), "multiStep", "[80, 50]");
    OptimizersTest.assertMessage(() -> Schedules.join(new Schedule[] {Schedules.constant(1)}, new int[] {3}),
        "join", "1 schedules", "1 boundaries");
    OptimizersTest.assertMessage(() -> Schedules.constant(1).at(-1), "step", "-1");
  }
}
