package org.probity.cli.spec;

/**
 * A learning-rate schedule: {@code constant}, {@code step} (multiply by {@code gamma} every
 * {@code step_size} steps) or {@code cosine} (down to {@code min_lr} at the last step), each with
 * an optional linear warm-up over {@code warmup_steps}. Fields a kind does not use are null.
 */
public record ScheduleSection(String kind, int warmupSteps, Integer stepSize, Double gamma, Double minLr) {
  public static final ScheduleSection CONSTANT = new ScheduleSection("constant", 0, null, null, null);
}
