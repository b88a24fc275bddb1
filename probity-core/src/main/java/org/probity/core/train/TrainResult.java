package org.probity.core.train;

import java.nio.file.Path;
import java.util.List;
import org.probity.core.metrics.Metrics;

/**
 * What a training run produced besides the trained parameters (which stay in the model): its
 * length and duration, the final metrics on the training and evaluation data, the logged training
 * curve and evaluations, and the checkpoints written.
 *
 * @param steps optimiser steps taken
 * @param epochs epochs begun (the last may be partial when training by steps)
 * @param seconds wall-clock seconds of training, evaluation included
 * @param trainMetrics final metrics on the training data
 * @param evalMetrics final metrics on the evaluation data, or null without evaluation data
 * @param history training records, one per {@link TrainConfig#logEvery()} steps
 * @param evals evaluations in step order
 * @param checkpoints checkpoint files written, in order
 */
public record TrainResult(int steps, int epochs, double seconds, Metrics trainMetrics, Metrics evalMetrics,
    List<StepRecord> history, List<EvalRecord> evals, List<Path> checkpoints) {
  public TrainResult {
    history = List.copyOf(history);
    evals = List.copyOf(evals);
    checkpoints = List.copyOf(checkpoints);
  }
}
