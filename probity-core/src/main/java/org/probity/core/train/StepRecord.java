package org.probity.core.train;

/**
 * Training progress over the steps since the previous record, for metrics.jsonl and progress
 * bars: averages rather than the last step's values, so the curve is not dominated by batch noise.
 *
 * @param step the 1-based step this record ends at
 * @param epoch the 1-based epoch that step belongs to
 * @param trainLoss mean objective value (what was differentiated: mean, tilted, ...) over the steps
 * @param meanLoss mean of the per-example losses over the steps
 * @param gradNorm global L2 norm of the gradient at the last step
 * @param steps how many steps are averaged
 * @param seconds wall-clock seconds since training started
 */
public record StepRecord(int step, int epoch, double trainLoss, double meanLoss, double gradNorm, int steps,
    double seconds) {}
