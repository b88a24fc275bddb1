package org.probity.cli.spec;

/**
 * The {@code train:} section: how long (either {@code epochs} or {@code steps}; the other is
 * null), the batch size, how often to evaluate on the test split and to log the training loss
 * (in steps), and whether to save a checkpoint per variant.
 */
public record TrainSection(Integer epochs, Integer steps, int batchSize, int evalEvery, int logEvery,
    boolean checkpoint) {}
