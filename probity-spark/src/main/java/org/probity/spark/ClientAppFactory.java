package org.probity.spark;

import java.io.Serializable;
import org.probity.federated.ClientApp;

/**
 * How an executor rebuilds the client half of a federated algorithm: a serializable recipe, since a
 * {@link ClientApp} (a model spec, an optimiser, live objects) cannot travel inside a Spark task but
 * a lambda that constructs one can, e.g.
 * {@code () -> new SupervisedClient(ModelSpec.softmax(), 1, 16, Optimizers.sgd(0.1))}. The lambda
 * must capture only serializable values (numbers, strings), not the enclosing object. Each task
 * calls {@link #create()} once per pass, so the app must not rely on fields surviving between
 * rounds: per-client state belongs in the state store.
 */
@FunctionalInterface
public interface ClientAppFactory extends Serializable {
  ClientApp create();
}
