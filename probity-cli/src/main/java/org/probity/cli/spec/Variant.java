package org.probity.cli.spec;

import org.probity.core.model.ModelSpec;

/**
 * One arm of an experiment: a name (also its checkpoint's file name) and its fully resolved
 * model, objective, optimiser and training settings. All variants of a spec share the data, the
 * split and the seeds, so their differences come from these settings alone.
 */
public record Variant(String name, ModelSpec model, ObjectiveSection objective, OptimizerSection optimizer,
    TrainSection train) {}
