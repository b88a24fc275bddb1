package org.probity.core.train;

import java.nio.file.Path;
import org.probity.core.metrics.Metrics;

/**
 * Observes a training run, so that the run layer can write metrics.jsonl and draw progress bars
 * without the trainer knowing about files or terminals. All methods are called on the training
 * thread, in step order; an exception thrown here stops training.
 */
public interface TrainingListener {
  /** Before the first step. */
  default void onStart(int totalSteps, int stepsPerEpoch) {}

  /** Every {@link TrainConfig#logEvery()} steps and after the last one. */
  default void onStep(StepRecord record) {}

  /** After each evaluation (every {@link TrainConfig#evalEvery()} steps and after the last one). */
  default void onEval(int step, Metrics metrics) {}

  /** After a checkpoint file was written (atomically). */
  default void onCheckpoint(int step, Path file) {}

  /** After training and the final evaluation. */
  default void onEnd(TrainResult result) {}
}
