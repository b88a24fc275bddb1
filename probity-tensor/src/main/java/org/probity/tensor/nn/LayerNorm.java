package org.probity.tensor.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Layer normalisation over the last axis (Ba, Kiros and Hinton 2016): each row is centred, divided
 * by sqrt(variance + eps) (population variance, as PyTorch), then scaled by a weight and shifted by
 * a bias, both of size {@code dim} and starting at ones and zeros. One fused op on the tape: the
 * forward keeps the normalised rows x̂ and the reciprocal deviations, and the backward uses the
 * closed form dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = g ⊙ weight. With a
 * {@link org.probity.tensor.PerExample} tape, {@link LayerNormGradSampler} receives x̂ (not the raw
 * input: the per-example weight gradient needs only x̂) and the backprops.
 */
public final class LayerNorm implements Module {
  static {
    GradSamplers.register(LayerNorm.class, new LayerNormGradSampler());
  }

  private final int dim;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;
  private final Params params;

  public LayerNorm(int dim) {
    this(dim, 1e-5);
  }

  public LayerNorm(int dim, double eps) {
    if (dim <= 0) {
      throw new IllegalArgumentException("layerNorm: dim must be positive, got " + dim);
    }
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("layerNorm: eps must be finite and > 0, got " + eps);
    }
    this.dim = dim;
    this.eps = eps;
    this.weight = Tensor.ones(dim).requiresGrad(true);
    this.bias = Tensor.zeros(dim).requiresGrad(true);
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("weight", weight);
    p.put("bias", bias);
    this.params = new Params(p);
  }

  public int dim() {
    return dim;
  }

  public double eps() {
    return eps;
  }

  /** The scale, shape [dim], initially ones. */
  public Tensor weight() {
    return weight;
  }

  /** The shift, shape [dim], initially zeros. */
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
    if (xs.rank() < 1 || xs.dim(-1) != dim) {
      throw new IllegalArgumentException("layerNorm: input of shape " + xs + " does not end in dimension " + dim);
    }
    int rows = xs.size() / dim;
    float[] xd = x.data();
    float[] w = weight.data();
    float[] b = bias.data();
    float[] xhat = new float[xd.length];
    float[] rstd = new float[rows];
    float[] y = new float[xd.length];
    for (int r = 0; r < rows; r++) {
      int off = r * dim;
      double mean = 0;
      for (int j = 0; j < dim; j++) {
        mean += xd[off + j];
      }
      mean /= dim;
      double var = 0;
      for (int j = 0; j < dim; j++) {
        double c = xd[off + j] - mean;
        var += c * c;
      }
      var /= dim;
      double rs = 1.0 / Math.sqrt(var + eps);
      rstd[r] = (float) rs;
      for (int j = 0; j < dim; j++) {
        float h = (float) ((xd[off + j] - mean) * rs);
        xhat[off + j] = h;
        y[off + j] = h * w[j] + b[j];
      }
    }
    Tensor result = Tensor.wrap(y, xs);
    if (!Tape.recording(x, weight, bias)) {
      return result;
    }
    boolean needX = Tape.recording(x);
    boolean needW = Tape.recording(weight);
    boolean needB = Tape.recording(bias);
    return Tape.record("layerNorm", result, g -> backward(xs, g, xhat, rstd, needX, needW, needB), x, weight, bias);
  }

  private Tensor[] backward(Shape xs, Tensor g, float[] xhat, float[] rstd, boolean needX, boolean needW,
      boolean needB) {
    float[] gd = g.data();
    float[] w = weight.data();
    int rows = rstd.length;
    float[] dx = needX ? new float[gd.length] : null;
    float[] dw = needW ? new float[dim] : null;
    float[] db = needB ? new float[dim] : null;
    for (int r = 0; r < rows; r++) {
      int off = r * dim;
      if (needX) {
        double meanG = 0;
        double meanGx = 0;
        for (int j = 0; j < dim; j++) {
          double gh = (double) gd[off + j] * w[j];
          meanG += gh;
          meanGx += gh * xhat[off + j];
        }
        meanG /= dim;
        meanGx /= dim;
        double rs = rstd[r];
        for (int j = 0; j < dim; j++) {
          double gh = (double) gd[off + j] * w[j];
          dx[off + j] = (float) (rs * (gh - meanG - xhat[off + j] * meanGx));
        }
      }
      if (needW) {
        for (int j = 0; j < dim; j++) {
          dw[j] += gd[off + j] * xhat[off + j];
        }
      }
      if (needB) {
        for (int j = 0; j < dim; j++) {
          db[j] += gd[off + j];
        }
      }
    }
    if ((needW || needB) && GradSamplers.active()) {
      GradSamplers.collect(this, Tensor.wrap(xhat, xs), g);
    }
    return new Tensor[] {
        needX ? Tensor.wrap(dx, xs) : null,
        needW ? Tensor.wrap(dw, weight.shape()) : null,
        needB ? Tensor.wrap(db, bias.shape()) : null};
  }

  @Override
  public String toString() {
    return "LayerNorm(" + dim + ", eps=" + eps + ")";
  }
}
