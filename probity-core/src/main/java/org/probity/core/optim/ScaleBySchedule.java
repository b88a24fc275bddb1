package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * Multiplies updates by a {@link Schedule}'s value at the current step (Optax's
 * {@code scale_by_schedule}); the step count lives in the state, so that a stored optimiser state
 * resumes the schedule where it stopped. As a learning-rate link it multiplies by {@code −at(step)}
 * and insists the rate is a finite number {@code >= 0}.
 */
public final class ScaleBySchedule implements GradientTransform<ScaleBySchedule.State> {
  /** Number of updates taken so far; the next one uses {@code schedule.at(count)}. */
  public record State(int count) {
    public State {
      if (count < 0) {
        throw new IllegalArgumentException("scaleBySchedule: count must be >= 0, got " + count);
      }
    }
  }

  private final String op;
  private final Schedule schedule;
  private final boolean learningRate;

  ScaleBySchedule(String op, Schedule schedule, boolean learningRate) {
    this.op = op;
    this.schedule = Checks.notNull(op, "schedule", schedule);
    this.learningRate = learningRate;
  }

  public Schedule schedule() {
    return schedule;
  }

  @Override
  public State init(Params params) {
    return new State(0);
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    Checks.notNull(op, "state", state);
    int step = state.count();
    double v = schedule.at(step);
    if (learningRate ? !(v >= 0) || Double.isInfinite(v) : !Double.isFinite(v)) {
      throw new IllegalArgumentException(op + ": schedule " + schedule + " gave " + v + " at step " + step
          + (learningRate ? "; a learning rate must be a finite number >= 0" : "; expected a finite number"));
    }
    double factor = learningRate ? -v : v;
    return new Update<>(Scale.scaled(op, updates, factor), new State(step == Integer.MAX_VALUE ? step : step + 1));
  }
}
