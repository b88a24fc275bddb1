package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * A {@link GradientTransform} bound to one model's parameters together with its current state:
 * the small mutable wrapper a training loop wants ({@code opt.step()} after {@code backward}),
 * while the transform itself stays pure. The state can be read out and restored, which is how a
 * federated client's optimiser is parked per client id between rounds. Not thread-safe: one per
 * training loop.
 */
public final class Optimizer {
  private final GradientTransform<Object> transform;
  private final Params params;
  private Object state;
  private int steps;

  @SuppressWarnings("unchecked")
  public Optimizer(GradientTransform<?> transform, Params params) {
    this.transform = (GradientTransform<Object>) Checks.notNull("optimizer", "transform", transform);
    this.params = Checks.notNull("optimizer", "params", params);
    this.state = this.transform.init(params);
  }

  /** One step with the gradients accumulated on the parameters ({@link Params#grads()}). */
  public void step() {
    step(params.grads());
  }

  /** One step with explicit gradients (same names and shapes as the parameters). */
  public void step(Params grads) {
    Update<Object> u = transform.update(grads, state, params);
    Transforms.applyUpdates(params, u.updates());
    state = u.state();
    steps++;
  }

  /** The parameters this optimiser updates in place. */
  public Params params() {
    return params;
  }

  /** The current state: an immutable value (a {@code List<Object>} for {@link Optimizers}' chains). */
  public Object state() {
    return state;
  }

  /** Replaces the state, e.g. with one saved for this client earlier. */
  public void restore(Object savedState) {
    this.state = Checks.notNull("optimizer", "state", savedState);
  }

  /** Steps taken through this wrapper. */
  public int steps() {
    return steps;
  }
}
