package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/** The result of one {@link GradientTransform} step: the transformed updates and the new state. */
public record Update<S>(Params updates, S state) {}
