package org.probity.core.train;

/**
 * How long and in what pieces to train: either a number of epochs (full passes over the shuffled
 * training data) or a number of optimiser steps, the minibatch size, how often to evaluate, log
 * and checkpoint, and the root seed every random stream of the run derives from. A zero means
 * "off" where it can: epochs or steps (exactly one is set), evalEvery (evaluate only at the end),
 * checkpointEvery (only the final checkpoint, when a folder is given). Negative values and a
 * non-positive batch size or log cadence are errors, named by field.
 *
 * @param epochs passes over the training data, or 0 when {@code steps} is set
 * @param steps optimiser steps, or 0 when {@code epochs} is set
 * @param batchSize examples per step (the last batch of an epoch may be smaller)
 * @param evalEvery evaluate every this many steps (and at the end); 0 for the end only
 * @param seed the root seed
 * @param checkpointEvery checkpoint every this many steps (and at the end); 0 for the end only
 * @param logEvery report the averaged training loss every this many steps (and at the end)
 */
public record TrainConfig(int epochs, int steps, int batchSize, int evalEvery, long seed, int checkpointEvery,
    int logEvery) {

  public TrainConfig {
    if (epochs < 0) {
      throw new TrainConfigException("epochs", "epochs must be positive, got " + epochs);
    }
    if (steps < 0) {
      throw new TrainConfigException("steps", "steps must be positive, got " + steps);
    }
    if (epochs > 0 && steps > 0) {
      throw new TrainConfigException("steps", "set either epochs or steps, not both (got epochs " + epochs
          + " and steps " + steps + ")");
    }
    if (epochs == 0 && steps == 0) {
      throw new TrainConfigException("epochs", "set epochs or steps to a positive number; both are 0");
    }
    if (batchSize <= 0) {
      throw new TrainConfigException("batchSize", "batch size must be positive, got " + batchSize);
    }
    if (evalEvery < 0) {
      throw new TrainConfigException("evalEvery", "evalEvery must be positive (or 0 to evaluate only at the end), got "
          + evalEvery);
    }
    if (checkpointEvery < 0) {
      throw new TrainConfigException("checkpointEvery", "checkpointEvery must be positive (or 0 for only the final"
          + " checkpoint), got " + checkpointEvery);
    }
    if (logEvery <= 0) {
      throw new TrainConfigException("logEvery", "logEvery must be positive, got " + logEvery);
    }
  }

  /** Train for {@code epochs} passes; evaluation and checkpoints at the end, a log line every step. */
  public static TrainConfig ofEpochs(int epochs, int batchSize, long seed) {
    if (epochs <= 0) {
      throw new TrainConfigException("epochs", "epochs must be positive, got " + epochs);
    }
    return new TrainConfig(epochs, 0, batchSize, 0, seed, 0, 1);
  }

  /** Train for {@code steps} optimiser steps; evaluation and checkpoints at the end, a log line every step. */
  public static TrainConfig ofSteps(int steps, int batchSize, long seed) {
    if (steps <= 0) {
      throw new TrainConfigException("steps", "steps must be positive, got " + steps);
    }
    return new TrainConfig(0, steps, batchSize, 0, seed, 0, 1);
  }

  public TrainConfig withEvalEvery(int n) {
    return new TrainConfig(epochs, steps, batchSize, n, seed, checkpointEvery, logEvery);
  }

  public TrainConfig withCheckpointEvery(int n) {
    return new TrainConfig(epochs, steps, batchSize, evalEvery, seed, n, logEvery);
  }

  public TrainConfig withLogEvery(int n) {
    return new TrainConfig(epochs, steps, batchSize, evalEvery, seed, checkpointEvery, n);
  }

  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(epochs, steps, batchSize, evalEvery, newSeed, checkpointEvery, logEvery);
  }

  public TrainConfig withBatchSize(int n) {
    return new TrainConfig(epochs, steps, n, evalEvery, seed, checkpointEvery, logEvery);
  }

  /** Checks the settings against a training set of {@code trainSize} examples. */
  public void validateFor(int trainSize) {
    if (trainSize <= 0) {
      throw new TrainConfigException("batchSize", "the training data are empty");
    }
    if (batchSize > trainSize) {
      throw new TrainConfigException("batchSize", "batch size " + batchSize + " is larger than the training data ("
          + trainSize + " examples)");
    }
  }

  /** Steps in one pass over {@code trainSize} examples: ⌈n / batchSize⌉. */
  public int stepsPerEpoch(int trainSize) {
    return (trainSize + batchSize - 1) / batchSize;
  }

  /** The number of optimiser steps the run makes on {@code trainSize} examples. */
  public int totalSteps(int trainSize) {
    if (steps > 0) {
      return steps;
    }
    long total = (long) epochs * stepsPerEpoch(trainSize);
    if (total > Integer.MAX_VALUE) {
      throw new TrainConfigException("epochs", epochs + " epochs of " + stepsPerEpoch(trainSize) + " steps is more"
          + " than " + Integer.MAX_VALUE + " steps");
    }
    return (int) total;
  }
}
