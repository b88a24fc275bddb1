package org.probity.core.optim;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Learning-rate schedules after Optax's {@code optax.schedules} and PyTorch's {@code lr_scheduler}:
 * constant, linear, step decay, multi-step decay (the TERM paper's CIFAR runs use MultiStepLR),
 * cosine decay (Loshchilov and Hutter, "SGDR", 2017), linear warm-up before any other schedule,
 * and {@link #join} to run schedules one after the other. Every schedule here is non-negative and
 * describes itself in {@code toString()} for provenance and reports.
 */
public final class Schedules {
  private Schedules() {}

  /** A schedule with a description; the description is what reports and provenance show. */
  private record Described(String description, IntToDoubleFunction f) implements Schedule {
    @Override
    public double at(int step) {
      if (step < 0) {
        throw new IllegalArgumentException(description + ": step must be >= 0, got " + step);
      }
      return f.applyAsDouble(step);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** The same value at every step. */
  public static Schedule constant(double value) {
    Checks.nonNegative("constant schedule", "value", value);
    return new Described("constant(" + value + ")", s -> value);
  }

  /** Linear from {@code from} at step 0 to {@code to} at step {@code steps}, then {@code to}. */
  public static Schedule linear(double from, double to, int steps) {
    String op = "linear schedule";
    Checks.nonNegative(op, "from", from);
    Checks.nonNegative(op, "to", to);
    Checks.positiveInt(op, "steps", steps);
    return new Described("linear(from=" + from + ", to=" + to + ", steps=" + steps + ")",
        s -> s >= steps ? to : from + (to - from) * ((double) s / steps));
  }

  /** Step decay (PyTorch StepLR): {@code lr · gamma^floor(step / everySteps)}. */
  public static Schedule step(double lr, int everySteps, double gamma) {
    String op = "step schedule";
    Checks.nonNegative(op, "lr", lr);
    Checks.positiveInt(op, "everySteps", everySteps);
    Checks.positive(op, "gamma", gamma);
    return new Described("step(lr=" + lr + ", everySteps=" + everySteps + ", gamma=" + gamma + ")",
        s -> lr * Math.pow(gamma, s / everySteps));
  }

  /**
   * Multi-step decay (PyTorch MultiStepLR): {@code lr · gamma^k} where k is the number of
   * {@code milestones} (strictly increasing steps) that are {@code <= step}.
   */
  public static Schedule multiStep(double lr, double gamma, int... milestones) {
    String op = "multiStep schedule";
    Checks.nonNegative(op, "lr", lr);
    Checks.positive(op, "gamma", gamma);
    int[] m = Checks.notNull(op, "milestones", milestones).clone();
    for (int i = 0; i < m.length; i++) {
      if (m[i] < 0 || (i > 0 && m[i] <= m[i - 1])) {
        throw new IllegalArgumentException(op + ": milestones must be non-negative and strictly increasing, got "
            + Arrays.toString(m));
      }
    }
    return new Described("multiStep(lr=" + lr + ", gamma=" + gamma + ", milestones=" + Arrays.toString(m) + ")", s -> {
      int k = 0;
      while (k < m.length && m[k] <= s) {
        k++;
      }
      return lr * Math.pow(gamma, k);
    });
  }

  /**
   * Cosine decay from {@code lr} at step 0 to {@code minLr} at {@code totalSteps}, then constant:
   * {@code minLr + (lr − minLr) · (1 + cos(π · min(step, T) / T)) / 2}, the same values as Optax's
   * {@code cosine_decay_schedule(lr, T, alpha = minLr / lr)}.
   */
  public static Schedule cosine(double lr, int totalSteps, double minLr) {
    String op = "cosine schedule";
    Checks.nonNegative(op, "lr", lr);
    Checks.positiveInt(op, "totalSteps", totalSteps);
    Checks.nonNegative(op, "minLr", minLr);
    if (minLr > lr) {
      throw new IllegalArgumentException(op + ": minLr must be <= lr, got minLr=" + minLr + " and lr=" + lr);
    }
    return new Described("cosine(lr=" + lr + ", totalSteps=" + totalSteps + ", minLr=" + minLr + ")", s -> {
      double frac = Math.min(s, totalSteps) / (double) totalSteps;
      return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * frac));
    });
  }

  /** Linear warm-up from 0 to {@code after.at(0)} over {@code warmupSteps}, then {@code after}. */
  public static Schedule warmup(int warmupSteps, Schedule after) {
    return warmup(warmupSteps, 0.0, after);
  }

  /**
   * Linear warm-up from {@code start} (at step 0) to {@code after.at(0)} (reached at step
   * {@code warmupSteps}), then {@code after} shifted so that its step 0 is step {@code warmupSteps}:
   * the shape of Optax's {@code warmup_cosine_decay_schedule}.
   */
  public static Schedule warmup(int warmupSteps, double start, Schedule after) {
    String op = "warmup schedule";
    Checks.positiveInt(op, "warmupSteps", warmupSteps);
    Checks.nonNegative(op, "start", start);
    Checks.notNull(op, "after", after);
    double peak = after.at(0);
    return new Described("warmup(steps=" + warmupSteps + ", start=" + start + ", then " + after + ")",
        s -> s < warmupSteps ? start + (peak - start) * ((double) s / warmupSteps) : after.at(s - warmupSteps));
  }

  /**
   * Warm-up from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to {@code minLr} at
   * {@code totalSteps} (counted from step 0, warm-up included), as Optax's
   * {@code warmup_cosine_decay_schedule(0, peak, warmupSteps, totalSteps, minLr)}.
   */
  public static Schedule warmupCosine(double peak, int warmupSteps, int totalSteps, double minLr) {
    if (totalSteps <= warmupSteps) {
      throw new IllegalArgumentException("warmupCosine schedule: totalSteps must exceed warmupSteps, got totalSteps="
          + totalSteps + " and warmupSteps=" + warmupSteps);
    }
    return warmup(warmupSteps, cosine(peak, totalSteps - warmupSteps, minLr));
  }

  /**
   * Schedules run one after another, as Optax's {@code join_schedules}: {@code schedules[0]} before
   * {@code boundaries[0]}, then {@code schedules[i + 1]} restarted at step 0 from {@code boundaries[i]}.
   * Needs one boundary fewer than schedules, strictly increasing.
   */
  public static Schedule join(Schedule[] schedules, int[] boundaries) {
    String op = "join schedule";
    Schedule[] sc = Checks.notNull(op, "schedules", schedules).clone();
    int[] b = Checks.notNull(op, "boundaries", boundaries).clone();
    if (sc.length == 0 || b.length != sc.length - 1) {
      throw new IllegalArgumentException(op + ": need one boundary fewer than schedules, got " + sc.length
          + " schedules and " + b.length + " boundaries");
    }
    for (int i = 0; i < b.length; i++) {
      if (b[i] <= 0 || (i > 0 && b[i] <= b[i - 1])) {
        throw new IllegalArgumentException(op + ": boundaries must be positive and strictly increasing, got "
            + Arrays.toString(b));
      }
    }
    for (int i = 0; i < sc.length; i++) {
      Checks.notNull(op, "schedules[" + i + "]", sc[i]);
    }
    return new Described("join(" + Arrays.toString(sc) + " at " + Arrays.toString(b) + ")", s -> {
      int k = 0;
      while (k < b.length && s >= b[k]) {
        k++;
      }
      return k == 0 ? sc[0].at(s) : sc[k].at(s - b[k - 1]);
    });
  }

  /** {@code factor · base.at(step)}, e.g. to share one shape between several base rates. */
  public static Schedule scaled(double factor, Schedule base) {
    Checks.nonNegative("scaled schedule", "factor", factor);
    Checks.notNull("scaled schedule", "base", base);
    return new Described(factor + " * " + base, s -> factor * base.at(s));
  }
}
