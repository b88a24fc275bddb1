package org.probity.core.train;

import org.probity.core.metrics.Metrics;

/** The evaluation metrics measured after a step. */
public record EvalRecord(int step, int epoch, Metrics metrics) {}
