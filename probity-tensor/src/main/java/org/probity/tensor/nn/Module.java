package org.probity.tensor.nn;

import org.probity.tensor.Tensor;

/**
 * A differentiable function with named parameters: a layer or a composition of layers. The
 * forward pass records itself on the current thread's tape like any tensor op; {@link #params()}
 * lists the trainable tensors under stable names, which are what checkpoints save and federated
 * rounds send.
 */
public interface Module {
  Tensor forward(Tensor x);

  /** The trainable parameters, ordered and named (for example "0.weight", "0.bias"). */
  Params params();

  /** Switches layers whose behaviour differs between training and evaluation (dropout). */
  default void setTraining(boolean training) {}
}
