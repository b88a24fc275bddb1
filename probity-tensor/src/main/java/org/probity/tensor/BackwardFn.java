package org.probity.tensor;

/**
 * The backward rule of one recorded operation: given the gradient of the loss with respect to the
 * operation's output, return the gradient with respect to each input, in the order the inputs were
 * recorded. An entry may be null where an input needs no gradient. Runs with recording paused, so
 * it may freely use tensor operations.
 */
@FunctionalInterface
public interface BackwardFn {
  Tensor[] apply(Tensor gradOutput);
}
