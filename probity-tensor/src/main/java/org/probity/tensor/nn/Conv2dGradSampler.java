package org.probity.tensor.nn;

import org.probity.tensor.PerExample;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * Per-example gradients of {@link Conv2d}, after Opacus's {@code grad_sample/conv.py}: example i's
 * weight gradient is {@code g_i[Cout, L] · U_iᵀ[L, Cin·kh·kw]}, where U_i = unfold(x_i) and L the
 * number of output positions, and its bias gradient the row sums of g_i.
 *
 * <p>When only squared norms are wanted, materialising each gradient costs Cout·K·L for K =
 * Cin·kh·kw, while the Gram identity ‖g Uᵀ‖² = tr((gᵀg)(UᵀU)) = Σ_{l,l'} (g_l·g_l')(u_l·u_l') costs
 * L²·(Cout + K) (the "ghost clipping" trick of Goodfellow 2015 and Li et al. 2022, "Large language
 * models can be strong differentially private learners"). Each call takes the cheaper one: Gram for
 * late layers with few positions, materialised for early layers with large feature maps.
 */
final class Conv2dGradSampler implements GradSampler<Conv2d> {
  @Override
  public void accumulate(Conv2d layer, Tensor activations, Tensor backprops, PerExample out) {
    Im2col geo = layer.geometry(activations);
    int batch = activations.dim(0);
    int cout = layer.outChannels();
    int l = geo.positions();
    Shape expected = Shape.of(batch, cout, geo.outH, geo.outW);
    if (!backprops.shape().equals(expected)) {
      throw new IllegalArgumentException(layer + ": backprops of shape " + backprops.shape() + " for activations "
          + activations.shape() + "; expected " + expected);
    }
    Tensor w = layer.weight();
    Tensor b = layer.bias();
    boolean doW = w.requiresGrad();
    boolean doB = b != null && b.requiresGrad();
    float[] g = backprops.data();
    if (out.mode() == PerExample.Mode.GRADIENTS) {
      if (doW) {
        out.addGradient(w, weightGradients(geo, activations.data(), g, batch, cout));
      }
      if (doB) {
        out.addGradient(b, Tensor.wrap(Conv2d.rowSumsPerExample(g, batch, cout, l), Shape.of(batch, cout)));
      }
      return;
    }
    if (doW) {
      out.addSquaredNorms(w, useGram(cout, geo.rows(), l)
          ? weightNormsByGram(geo, activations.data(), g, batch, cout)
          : weightNormsMaterialised(geo, activations.data(), g, batch, cout));
    }
    if (doB) {
      float[] sums = Conv2d.rowSumsPerExample(g, batch, cout, l);
      float[] norms = new float[batch];
      for (int i = 0; i < batch; i++) {
        double s = 0;
        for (int c = i * cout, end = c + cout; c < end; c++) {
          s += (double) sums[c] * sums[c];
        }
        norms[i] = (float) s;
      }
      out.addSquaredNorms(b, norms);
    }
  }

  /** True when the Gram identity is cheaper than forming the Cout×K gradient of each example. */
  static boolean useGram(int cout, int k, int l) {
    return (long) l * l * (cout + k + 1) < (long) cout * k * (l + 1);
  }

  private static Tensor weightGradients(Im2col geo, float[] x, float[] g, int batch, int cout) {
    int k = geo.rows();
    int l = geo.positions();
    float[] cols = new float[k * l];
    float[] grads = new float[batch * cout * k];
    Gemm gemm = Kernels.gemm();
    for (int i = 0; i < batch; i++) {
      geo.unfold(x, i * geo.imageSize(), cols, l, 0);
      gemm.multiply(false, true, cout, k, l, g, i * cout * l, l, cols, 0, l, grads, i * cout * k, k, false);
    }
    return Tensor.wrap(grads, Shape.of(batch, cout, geo.channels, geo.kernelH, geo.kernelW));
  }

  private static float[] weightNormsMaterialised(Im2col geo, float[] x, float[] g, int batch, int cout) {
    int k = geo.rows();
    int l = geo.positions();
    float[] cols = new float[k * l];
    float[] grad = new float[cout * k];
    float[] norms = new float[batch];
    Gemm gemm = Kernels.gemm();
    for (int i = 0; i < batch; i++) {
      geo.unfold(x, i * geo.imageSize(), cols, l, 0);
      gemm.multiply(false, true, cout, k, l, g, i * cout * l, l, cols, 0, l, grad, 0, k, false);
      double s = 0;
      for (float v : grad) {
        s += (double) v * v;
      }
      norms[i] = (float) s;
    }
    return norms;
  }

  private static float[] weightNormsByGram(Im2col geo, float[] x, float[] g, int batch, int cout) {
    int k = geo.rows();
    int l = geo.positions();
    float[] cols = new float[k * l];
    float[] gg = new float[l * l];
    float[] uu = new float[l * l];
    float[] norms = new float[batch];
    Gemm gemm = Kernels.gemm();
    for (int i = 0; i < batch; i++) {
      geo.unfold(x, i * geo.imageSize(), cols, l, 0);
      int off = i * cout * l;
      gemm.multiply(true, false, l, l, cout, g, off, l, g, off, l, gg, 0, l, false);
      gemm.multiply(true, false, l, l, k, cols, 0, l, cols, 0, l, uu, 0, l, false);
      double s = 0;
      for (int j = 0; j < gg.length; j++) {
        s += (double) gg[j] * uu[j];
      }
      norms[i] = (float) Math.max(0.0, s);
    }
    return norms;
  }
}
