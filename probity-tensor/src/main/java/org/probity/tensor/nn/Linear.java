package org.probity.tensor.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * A fully connected layer y = x·Wᵀ + b, with W of shape [out, in] and b of shape [out] (PyTorch's
 * layout, so safetensors checkpoints load either way). Inputs of shape [..., in] have their leading
 * dimensions folded into one GEMM. Forward and backward are one fused op on the tape: the forward
 * is a single GEMM into an output pre-filled with the bias; the backward is dX = g·W and
 * dW = gᵀ·x (both straight GEMMs on the stored layouts, no transposed copies) and db = column sums
 * of g, each computed only when that input is being differentiated. When the tape carries a
 * {@link org.probity.tensor.PerExample} the backward also hands (x, g) to
 * {@link LinearGradSampler}. Parameters are created requiring gradients and initialised as PyTorch
 * does: U(-1/sqrt(in), 1/sqrt(in)) for both weight and bias.
 */
public final class Linear implements Module {
  static {
    GradSamplers.register(Linear.class, new LinearGradSampler());
  }

  private final int in;
  private final int out;
  private final Tensor weight;
  private final Tensor bias;
  private final Params params;

  public Linear(int in, int out, Rng rng) {
    this(in, out, true, rng);
  }

  public Linear(int in, int out, boolean bias, Rng rng) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("linear: sizes must be positive, got in=" + in + " out=" + out);
    }
    this.in = in;
    this.out = out;
    double bound = 1.0 / Math.sqrt(in);
    this.weight = Init.uniform(Shape.of(out, in), bound, rng).requiresGrad(true);
    this.bias = bias ? Init.uniform(Shape.of(out), bound, rng).requiresGrad(true) : null;
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("weight", weight);
    if (this.bias != null) {
      p.put("bias", this.bias);
    }
    this.params = new Params(p);
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  /** The weight, shape [out, in]. */
  public Tensor weight() {
    return weight;
  }

  /** The bias, shape [out], or null when the layer has none. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Params params() {
    return params;
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape xs = x.shape();
    if (xs.rank() < 2 || xs.dim(-1) != in) {
      throw new IllegalArgumentException("linear: input of shape " + xs + " does not match [batch, ..., " + in
          + "] (weight " + weight.shape() + ")" + (xs.rank() < 2 ? "; unsqueeze(0) a single example" : ""));
    }
    int rows = xs.size() / in;
    float[] y = new float[rows * out];
    float[] w = weight.data();
    boolean hasBias = bias != null;
    if (hasBias) {
      float[] b = bias.data();
      for (int r = 0; r < rows; r++) {
        System.arraycopy(b, 0, y, r * out, out);
      }
    }
    Kernels.gemm().multiply(false, true, rows, out, in, x.data(), 0, in, w, 0, in, y, 0, out, hasBias);
    Tensor result = Tensor.wrap(y, xs.with(-1, out));
    if (!Tape.recording(x, weight, bias)) {
      return result;
    }
    boolean needX = Tape.recording(x);
    boolean needW = Tape.recording(weight);
    boolean needB = hasBias && Tape.recording(bias);
    return Tape.record("linear", result, g -> backward(x, g, rows, needX, needW, needB), x, weight, bias);
  }

  private Tensor[] backward(Tensor x, Tensor g, int rows, boolean needX, boolean needW, boolean needB) {
    Gemm gemm = Kernels.gemm();
    float[] gd = g.data();
    Tensor dx = null;
    Tensor dw = null;
    Tensor db = null;
    // DP-SGD's weighted mode forms the parameter gradients later from (x, g); computing them here would be wasted.
    boolean defer = (needW || needB) && GradSamplers.defersParameterGradients(this);
    if (needX) {
      float[] d = new float[rows * in];
      gemm.multiply(false, false, rows, in, out, gd, 0, out, weight.data(), 0, in, d, 0, in, false);
      dx = Tensor.wrap(d, x.shape());
    }
    if (needW && !defer) {
      float[] d = new float[out * in];
      gemm.multiply(true, false, out, in, rows, gd, 0, out, x.data(), 0, in, d, 0, in, false);
      dw = Tensor.wrap(d, weight.shape());
    }
    if (needB && !defer) {
      float[] d = new float[out];
      for (int r = 0; r < rows; r++) {
        int off = r * out;
        for (int j = 0; j < out; j++) {
          d[j] += gd[off + j];
        }
      }
      db = Tensor.wrap(d, bias.shape());
    }
    if (needW || needB) {
      GradSamplers.collect(this, x, g);
    }
    return new Tensor[] {dx, dw, db};
  }

  @Override
  public String toString() {
    return "Linear(" + in + " -> " + out + (bias == null ? ", no bias)" : ")");
  }
}
