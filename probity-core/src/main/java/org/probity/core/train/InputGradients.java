package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The gradient of each example's loss with respect to its own input, ∇ₓ loss(f(xᵢ), yᵢ), from one
 * backward pass of the summed per-example losses (examples do not interact in the forward pass, so
 * the sum's input gradient is every example's own). The adversarial-direction oracles need it:
 * RCAD (Setlur et al., NeurIPS 2022) normalises it, FGSM adversarial training (Goodfellow et al.,
 * ICLR 2015) takes its sign. The pass also reaches the parameters, so it clears their gradients
 * again: a {@link GradientOracle} receives parameters with no gradient and the real step must start
 * from none.
 */
final class InputGradients {
  private InputGradients() {}

  /**
   * The detached input gradient of {@code loss} on {@code batch}, shaped like {@code batch.x()}; all
   * zeros when the loss is not finite (the step that follows reports the divergence).
   */
  static Tensor of(Module model, LossFunction loss, Batch batch) {
    Tensor x = batch.x().detach().requiresGrad(true);
    Batch withX = new Batch(x, batch.labels(), batch.targets(), batch.groups(), batch.clients(), batch.indices());
    try (Tape tape = Tape.start()) {
      Tensor total = loss.perExample(model.forward(x), withX).sum();
      if (Double.isFinite(total.item())) {
        tape.backward(total);
      }
    } finally {
      model.params().zeroGrad();
    }
    Tensor g = x.grad();
    return g == null ? Tensor.zeros(batch.x().shape()) : g.detach();
  }

  /** Rows of a batch tensor: its first axis, with everything after it one example. */
  static int rowLength(Tensor x) {
    return x.dim(0) == 0 ? 0 : x.size() / x.dim(0);
  }
}
