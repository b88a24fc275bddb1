package org.probity.cli.spec;

import java.util.List;

/**
 * The {@code optimizer:} section: the optimiser's name, learning rate, the hyper-parameters its
 * name uses (momentum for sgd, momentum and nesterov; betas for adam and adamw; decay for rmsprop;
 * eps for the adaptive ones), weight decay (decoupled for adamw, added to the gradient for the
 * others), clipping by global norm, and a learning-rate schedule. Hyper-parameters the named
 * optimiser does not use are null.
 */
public record OptimizerSection(String name, double lr, Double momentum, List<Double> betas, Double decay, Double eps,
    double weightDecay, Double clipNorm, ScheduleSection schedule) {}
