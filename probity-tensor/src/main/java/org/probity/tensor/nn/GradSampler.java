package org.probity.tensor.nn;

import org.probity.tensor.PerExample;
import org.probity.tensor.Tensor;

/**
 * Computes one layer type's per-example gradients (or their squared norms) from the activations
 * that entered the layer and the backprops (gradient of the loss with respect to the layer's
 * output), with no loop over examples. After Opacus's grad samplers (Yousefpour et al. 2021): one
 * small class per layer type, looked up in {@link GradSamplers} by the layer's class.
 */
public interface GradSampler<M extends Module> {
  void accumulate(M layer, Tensor activations, Tensor backprops, PerExample out);

  /**
   * Whether this sampler handles {@link PerExample.Mode#WEIGHTED} itself: it then adds the squared
   * norms and a deferred weighted gradient ({@link PerExample#addDeferred}), and its layer skips
   * the ordinary parameter gradient. Samplers that do not are given materialised per-example
   * gradients to produce instead ({@link GradSamplers#collect}).
   */
  default boolean defersParameterGradients() {
    return false;
  }
}
