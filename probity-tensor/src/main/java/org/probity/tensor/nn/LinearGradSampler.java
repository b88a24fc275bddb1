package org.probity.tensor.nn;

import org.probity.tensor.PerExample;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * Per-example gradients of {@link Linear}, after Opacus's {@code grad_sample/linear.py}. For input
 * a of shape [B, T, in] (T = 1 for plain [B, in] input; any middle dimensions fold into T) and
 * backprops g of shape [B, T, out], example i's weight gradient is Σ_t g_it a_itᵀ, one GEMM of
 * [out, T]×[T, in] per example, and its bias gradient is Σ_t g_it.
 *
 * <p>Squared norms never materialise the gradient when that is avoidable: for T = 1 the weight
 * gradient is an outer product, so its squared norm is ‖a_i‖²·‖g_i‖² (cost in + out per example).
 * For T > 1 the Gram ("ghost clipping", Li et al. 2022; Bu et al. 2022) identity
 * ‖Σ_t g_t a_tᵀ‖² = Σ_{t,s} (a_t·a_s)(g_t·g_s) costs T²·(in + out) instead of T·in·out, so it is
 * used when T·(in + out) ≤ in·out and the gradient is materialised otherwise.
 *
 * <p>In {@link PerExample.Mode#WEIGHTED} mode it adds the same norms and defers the gradients: the
 * weighted sum Σ_i w_i·gᵢᵀaᵢ is one GEMM of the backprops with each example's rows scaled by w_i
 * against the activations, the same GEMM the layer's own backward would have run, so clipped DP-SGD
 * costs what plain SGD costs plus the norms (Bu et al. 2023's book-keeping).
 */
public final class LinearGradSampler implements GradSampler<Linear> {
  @Override
  public void accumulate(Linear layer, Tensor activations, Tensor backprops, PerExample out) {
    Shape as = activations.shape();
    int in = layer.inFeatures();
    int o = layer.outFeatures();
    int b = as.dim(0);
    if (b == 0) {
      return;
    }
    int t = as.size() / (b * in);
    if (backprops.size() != b * t * o) {
      throw new IllegalArgumentException("linear grad sampler: backprops of shape " + backprops.shape()
          + " do not match activations of shape " + as);
    }
    float[] a = activations.data();
    float[] g = backprops.data();
    Tensor w = layer.weight();
    Tensor bias = layer.bias();
    boolean wantW = w.requiresGrad();
    boolean wantB = bias != null && bias.requiresGrad();
    if (out.mode() == PerExample.Mode.GRADIENTS) {
      if (wantW) {
        out.addGradient(w, Tensor.wrap(weightGradients(a, g, b, t, in, o), Shape.of(b, o, in)));
      }
      if (wantB) {
        out.addGradient(bias, Tensor.wrap(biasGradients(g, b, t, o), Shape.of(b, o)));
      }
      return;
    }
    boolean weighted = out.mode() == PerExample.Mode.WEIGHTED;
    if (wantW) {
      float[] norms;
      if (t == 1) {
        norms = outerProductNorms(a, g, b, in, o);
      } else if ((long) t * (in + o) <= (long) in * o) {
        norms = gramNorms(a, g, b, t, in, o);
      } else {
        norms = materialisedNorms(a, g, b, t, in, o);
      }
      out.addSquaredNorms(w, norms);
      if (weighted) {
        out.addDeferred(w, weights -> Tensor.wrap(weightedWeightGradient(a, g, weights, b, t, in, o), w.shape()));
      }
    }
    if (wantB) {
      out.addSquaredNorms(bias, squaredRowNorms(t == 1 ? g : biasGradients(g, b, t, o), b, o));
      if (weighted) {
        out.addDeferred(bias, weights -> Tensor.wrap(weightedBiasGradient(g, weights, b, t, o), bias.shape()));
      }
    }
  }

  @Override
  public boolean defersParameterGradients() {
    return true;
  }

  /** Each example's t·o backprop values scaled by its weight (a copy; zero weights give zero rows). */
  static float[] scaledBackprops(float[] g, float[] weights, int b, int t, int o) {
    checkWeights(weights, b);
    int per = t * o;
    float[] s = new float[b * per];
    for (int i = 0; i < b; i++) {
      float wi = weights[i];
      for (int k = i * per, end = k + per; k < end; k++) {
        s[k] = wi * g[k];
      }
    }
    return s;
  }

  /** Σ_i w_i·Σ_t g_itᵀ a_it as [out, in]: the layer's dW GEMM on reweighted backprops. */
  static float[] weightedWeightGradient(float[] a, float[] g, float[] weights, int b, int t, int in, int o) {
    float[] gs = scaledBackprops(g, weights, b, t, o);
    float[] d = new float[o * in];
    Kernels.gemm().multiply(true, false, o, in, b * t, gs, 0, o, a, 0, in, d, 0, in, false);
    return d;
  }

  /** Σ_i w_i·Σ_t g_it, summed row by row in the order of the layer's own bias gradient. */
  static float[] weightedBiasGradient(float[] g, float[] weights, int b, int t, int o) {
    checkWeights(weights, b);
    float[] d = new float[o];
    for (int i = 0; i < b; i++) {
      float wi = weights[i];
      for (int s = 0; s < t; s++) {
        int off = (i * t + s) * o;
        for (int j = 0; j < o; j++) {
          d[j] += wi * g[off + j];
        }
      }
    }
    return d;
  }

  private static void checkWeights(float[] weights, int b) {
    if (weights.length != b) {
      throw new IllegalArgumentException("linear grad sampler: " + weights.length + " weights for a batch of " + b);
    }
  }

  /** [B, out, in]: one GEMM gᵢᵀ·aᵢ per example. */
  static float[] weightGradients(float[] a, float[] g, int b, int t, int in, int o) {
    float[] d = new float[b * o * in];
    if (t == 1) {
      // An outer product per example: a GEMM with k = 1 would spend more on packing than on math.
      for (int i = 0; i < b; i++) {
        for (int r = 0; r < o; r++) {
          float gr = g[i * o + r];
          int dst = (i * o + r) * in;
          int src = i * in;
          for (int c = 0; c < in; c++) {
            d[dst + c] = gr * a[src + c];
          }
        }
      }
      return d;
    }
    Gemm gemm = Kernels.gemm();
    for (int i = 0; i < b; i++) {
      gemm.multiply(true, false, o, in, t, g, i * t * o, o, a, i * t * in, in, d, i * o * in, in, false);
    }
    return d;
  }

  /** [B, out]: Σ_t g_it. */
  static float[] biasGradients(float[] g, int b, int t, int o) {
    if (t == 1) {
      return g.clone();
    }
    float[] d = new float[b * o];
    for (int i = 0; i < b; i++) {
      int dst = i * o;
      for (int s = 0; s < t; s++) {
        int src = (i * t + s) * o;
        for (int j = 0; j < o; j++) {
          d[dst + j] += g[src + j];
        }
      }
    }
    return d;
  }

  /** ‖a_i‖²·‖g_i‖² for rank-2 input. */
  static float[] outerProductNorms(float[] a, float[] g, int b, int in, int o) {
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      n[i] = (float) (sumSquares(a, i * in, in) * sumSquares(g, i * o, o));
    }
    return n;
  }

  /** Σ_{t,s} (a_t·a_s)(g_t·g_s) per example, both Gram matrices by GEMM into reused scratch. */
  static float[] gramNorms(float[] a, float[] g, int b, int t, int in, int o) {
    Gemm gemm = Kernels.gemm();
    float[] ga = new float[t * t];
    float[] gg = new float[t * t];
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      gemm.multiply(false, true, t, t, in, a, i * t * in, in, a, i * t * in, in, ga, 0, t, false);
      gemm.multiply(false, true, t, t, o, g, i * t * o, o, g, i * t * o, o, gg, 0, t, false);
      double s = 0;
      for (int k = 0; k < ga.length; k++) {
        s += (double) ga[k] * gg[k];
      }
      n[i] = (float) Math.max(s, 0.0);
    }
    return n;
  }

  /** Builds each example's [out, in] gradient in one reused buffer and sums its squares. */
  static float[] materialisedNorms(float[] a, float[] g, int b, int t, int in, int o) {
    Gemm gemm = Kernels.gemm();
    float[] scratch = new float[o * in];
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      gemm.multiply(true, false, o, in, t, g, i * t * o, o, a, i * t * in, in, scratch, 0, in, false);
      n[i] = (float) sumSquares(scratch, 0, scratch.length);
    }
    return n;
  }

  static float[] squaredRowNorms(float[] rows, int b, int width) {
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      n[i] = (float) sumSquares(rows, i * width, width);
    }
    return n;
  }

  static double sumSquares(float[] d, int off, int len) {
    return SquareSums.of(d, off, len);
  }
}
