package org.probity.core.optim;

/**
 * A learning-rate (or any step-size) schedule: the value to use at a given step, as in Optax's
 * schedules. Step 0 is the first update, so {@code at(0)} is the rate of the first step; a
 * {@link Transforms#scaleBySchedule schedule-scaled link} counts its own updates in its state,
 * which keeps the schedule a pure function and the optimiser state a value. Build them with
 * {@link Schedules}.
 */
@FunctionalInterface
public interface Schedule {
  /** The value at {@code step} (0-based count of updates already taken). */
  double at(int step);
}
