package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Objective;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The default {@link GradientOracle}: forward on a fresh tape, per-example losses, the objective's
 * reduction, and one backward pass from it (ordinary reverse-mode differentiation). When the loss
 * is not finite it skips the backward pass, since the trainer stops at that step anyway and a
 * backward pass through infinities would only leave NaN gradients behind.
 */
final class Backprop implements GradientOracle {
  static final Backprop INSTANCE = new Backprop();

  private Backprop() {}

  @Override
  public StepLoss compute(Module model, LossFunction loss, Objective objective, Batch batch) {
    if (batch.size() == 0) {
      return StepLoss.EMPTY;
    }
    try (Tape tape = Tape.start()) {
      Tensor out = model.forward(batch.x());
      Tensor perExample = loss.perExample(out, batch);
      Tensor reduced = objective.reduce(perExample, batch);
      StepLoss r = StepLoss.of(reduced.item(), perExample.detach());
      if (r.finite()) {
        tape.backward(reduced);
      }
      return r;
    }
  }

  @Override
  public String toString() {
    return "backprop";
  }
}
