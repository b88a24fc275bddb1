package org.probity.tensor.nn;

import org.probity.tensor.PerExample;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Per-example gradients of {@link LayerNorm}, after Opacus's {@code grad_sample/layer_norm.py}.
 * The layer passes the normalised input x̂ (shape [B, ..., dim]) as the activations, so example
 * i's weight gradient is Σ_t g_it ⊙ x̂_it and its bias gradient Σ_t g_it, both of size dim: cheap
 * enough that the norms path simply forms them and sums their squares.
 */
public final class LayerNormGradSampler implements GradSampler<LayerNorm> {
  @Override
  public void accumulate(LayerNorm layer, Tensor activations, Tensor backprops, PerExample out) {
    Shape xs = activations.shape();
    if (xs.rank() < 2) {
      throw new IllegalArgumentException("layerNorm grad sampler: input of shape " + xs
          + " has no batch dimension; per-example gradients need [batch, ..., " + layer.dim() + "]");
    }
    int dim = layer.dim();
    int b = xs.dim(0);
    if (b == 0) {
      return;
    }
    int t = xs.size() / (b * dim);
    float[] xhat = activations.data();
    float[] g = backprops.data();
    Tensor w = layer.weight();
    Tensor bias = layer.bias();
    boolean gradients = out.mode() == PerExample.Mode.GRADIENTS;
    if (w.requiresGrad()) {
      float[] dw = new float[b * dim];
      for (int i = 0; i < b; i++) {
        int dst = i * dim;
        for (int s = 0; s < t; s++) {
          int src = (i * t + s) * dim;
          for (int j = 0; j < dim; j++) {
            dw[dst + j] += g[src + j] * xhat[src + j];
          }
        }
      }
      emit(out, gradients, w, dw, b, dim);
    }
    if (bias.requiresGrad()) {
      emit(out, gradients, bias, LinearGradSampler.biasGradients(g, b, t, dim), b, dim);
    }
  }

  private static void emit(PerExample out, boolean gradients, Tensor param, float[] rows, int b, int dim) {
    if (gradients) {
      out.addGradient(param, Tensor.wrap(rows, Shape.of(b, dim)));
    } else {
      out.addSquaredNorms(param, LinearGradSampler.squaredRowNorms(rows, b, dim));
    }
  }
}
