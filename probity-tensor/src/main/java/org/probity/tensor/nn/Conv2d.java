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
 * A 2-D convolution (cross-correlation, as in PyTorch's {@code nn.Conv2d}) on NCHW batches:
 * [B, Cin, H, W] to [B, Cout, Ho, Wo], with weight [Cout, Cin, kh, kw] and optional bias [Cout].
 * It is one fused op on the tape: the forward unfolds images with {@link Im2col} and multiplies
 * {@code W[Cout, Cin·kh·kw] · cols[Cin·kh·kw, Ho·Wo]} with the GEMM kernel; the backward unfolds
 * again (the columns are not kept, so memory stays at the size of the input) and forms
 * {@code dW = Σ g·colsᵀ}, {@code dx = fold(Wᵀ·g)} and {@code db = Σ g}. Images with few output
 * positions are placed side by side so that each GEMM has at least {@link #MIN_COLUMNS} columns;
 * larger ones go one at a time, straight into the output.
 *
 * <p>Per-example gradients (for DP-SGD) come from {@link Conv2dGradSampler}, registered here, after
 * Opacus's {@code grad_sample/conv.py}. Initialisation follows PyTorch: weight and bias uniform in
 * ±1/√fanIn with fanIn = Cin·kh·kw.
 */
public final class Conv2d implements Module {
  /** Fewest GEMM columns worth forming per call before images are batched side by side. */
  static final int MIN_COLUMNS = 256;

  static {
    GradSamplers.register(Conv2d.class, new Conv2dGradSampler());
  }

  private final int inChannels;
  private final int outChannels;
  private final int kernelH;
  private final int kernelW;
  private final int stride;
  private final int padding;
  private final Tensor weight;
  private final Tensor bias;

  /** A square-kernel convolution with bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Rng rng) {
    this(inChannels, outChannels, kernelSize, kernelSize, stride, padding, true, rng);
  }

  /** A square-kernel convolution, with or without bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias, Rng rng) {
    this(inChannels, outChannels, kernelSize, kernelSize, stride, padding, bias, rng);
  }

  /** A convolution with a kernelH×kernelW kernel, the same stride and padding on both axes. */
  public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padding, boolean bias,
      Rng rng) {
    if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be positive and padding"
          + " non-negative, got in=" + inChannels + " out=" + outChannels + " kernel " + kernelH + "x" + kernelW
          + " stride " + stride + " padding " + padding);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.stride = stride;
    this.padding = padding;
    double bound = 1.0 / Math.sqrt((double) inChannels * kernelH * kernelW);
    this.weight = Init.uniform(Shape.of(outChannels, inChannels, kernelH, kernelW), bound, rng).requiresGrad(true);
    this.bias = bias ? Init.uniform(Shape.of(outChannels), bound, rng).requiresGrad(true) : null;
  }

  public Tensor weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Tensor bias() {
    return bias;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int kernelH() {
    return kernelH;
  }

  public int kernelW() {
    return kernelW;
  }

  public int stride() {
    return stride;
  }

  public int padding() {
    return padding;
  }

  @Override
  public Params params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", weight);
    if (bias != null) {
      m.put("bias", bias);
    }
    return Params.of(m);
  }

  /** The unfold geometry for input {@code x}, failing with the layer and both shapes when it does not fit. */
  Im2col geometry(Tensor x) {
    Shape s = x.shape();
    if (s.rank() != 4 || s.dim(1) != inChannels) {
      throw new IllegalArgumentException(this + ": expected input [B, " + inChannels + ", H, W], got " + s);
    }
    int h = s.dim(2);
    int w = s.dim(3);
    if (h + 2 * padding < kernelH || w + 2 * padding < kernelW) {
      throw new IllegalArgumentException(this + ": input " + s + " is smaller than the kernel " + kernelH + "x"
          + kernelW + " (with padding " + padding + "); need H >= " + (kernelH - 2 * padding) + " and W >= "
          + (kernelW - 2 * padding));
    }
    return new Im2col(inChannels, h, w, kernelH, kernelW, stride, stride, padding, padding);
  }

  /** Images placed side by side per GEMM so it has at least {@link #MIN_COLUMNS} columns. */
  static int groupSize(int batch, int positions) {
    if (positions >= MIN_COLUMNS) {
      return 1;
    }
    return Math.max(1, Math.min(batch, (MIN_COLUMNS + positions - 1) / positions));
  }

  @Override
  public Tensor forward(Tensor x) {
    Im2col geo = geometry(x);
    int batch = x.dim(0);
    int k = geo.rows();
    int l = geo.positions();
    int image = geo.imageSize();
    int group = groupSize(batch, l);
    float[] xd = x.data();
    float[] w = weight.data();
    float[] out = new float[batch * outChannels * l];
    float[] cols = new float[k * group * l];
    float[] wide = group > 1 ? new float[outChannels * group * l] : null;
    Gemm gemm = Kernels.gemm();
    for (int b0 = 0; b0 < batch; b0 += group) {
      int g = Math.min(group, batch - b0);
      int n = g * l;
      for (int j = 0; j < g; j++) {
        geo.unfold(xd, (b0 + j) * image, cols, n, j * l);
      }
      if (g == 1) {
        gemm.multiply(false, false, outChannels, l, k, w, 0, k, cols, 0, l, out, b0 * outChannels * l, l, false);
      } else {
        gemm.multiply(false, false, outChannels, n, k, w, 0, k, cols, 0, n, wide, 0, n, false);
        for (int j = 0; j < g; j++) {
          for (int c = 0; c < outChannels; c++) {
            System.arraycopy(wide, c * n + j * l, out, ((b0 + j) * outChannels + c) * l, l);
          }
        }
      }
    }
    if (bias != null) {
      float[] bd = bias.data();
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < outChannels; c++) {
          float v = bd[c];
          for (int i = (b * outChannels + c) * l, end = i + l; i < end; i++) {
            out[i] += v;
          }
        }
      }
    }
    Tensor y = Tensor.wrap(out, Shape.of(batch, outChannels, geo.outH, geo.outW));
    boolean needX = Tape.recording(x);
    boolean needW = Tape.recording(weight);
    boolean needB = bias != null && Tape.recording(bias);
    if (!needX && !needW && !needB) {
      return y;
    }
    return Tape.record("conv2d", y, gy -> backward(geo, x, gy, needX, needW, needB), x, weight, bias);
  }

  private Tensor[] backward(Im2col geo, Tensor x, Tensor gy, boolean needX, boolean needW, boolean needB) {
    if (needW || needB) {
      GradSamplers.collect(this, x, gy);
    }
    int batch = x.dim(0);
    int k = geo.rows();
    int l = geo.positions();
    int image = geo.imageSize();
    int group = groupSize(batch, l);
    float[] xd = x.data();
    float[] gd = gy.data();
    float[] w = weight.data();
    float[] dw = needW ? new float[outChannels * k] : null;
    float[] dx = needX ? new float[x.size()] : null;
    float[] cols = new float[k * group * l];
    float[] wide = group > 1 ? new float[outChannels * group * l] : null;
    Gemm gemm = Kernels.gemm();
    for (int b0 = 0; b0 < batch && (needW || needX); b0 += group) {
      int g = Math.min(group, batch - b0);
      int n = g * l;
      float[] gs = gd;
      int gOff = b0 * outChannels * l;
      if (g > 1) {
        for (int j = 0; j < g; j++) {
          for (int c = 0; c < outChannels; c++) {
            System.arraycopy(gd, ((b0 + j) * outChannels + c) * l, wide, c * n + j * l, l);
          }
        }
        gs = wide;
        gOff = 0;
      }
      if (needW) {
        for (int j = 0; j < g; j++) {
          geo.unfold(xd, (b0 + j) * image, cols, n, j * l);
        }
        gemm.multiply(false, true, outChannels, k, n, gs, gOff, n, cols, 0, n, dw, 0, k, true);
      }
      if (needX) {
        // The columns are no longer needed, so Wᵀ·g reuses their buffer.
        gemm.multiply(true, false, k, n, outChannels, w, 0, k, gs, gOff, n, cols, 0, n, false);
        for (int j = 0; j < g; j++) {
          geo.fold(cols, n, j * l, dx, (b0 + j) * image);
        }
      }
    }
    float[] db = needB ? biasGradient(gd, batch, outChannels, l) : null;
    return new Tensor[] {
        dx == null ? null : Tensor.wrap(dx, x.shape()),
        dw == null ? null : Tensor.wrap(dw, weight.shape()),
        db == null ? null : Tensor.wrap(db, bias.shape())};
  }

  /** Sums over positions: entry (i, c) is Σ_l g[i, c, l], shape [batch·channels]. */
  static float[] rowSumsPerExample(float[] g, int batch, int channels, int len) {
    float[] out = new float[batch * channels];
    for (int r = 0; r < out.length; r++) {
      float s = 0f;
      for (int i = r * len, end = i + len; i < end; i++) {
        s += g[i];
      }
      out[r] = s;
    }
    return out;
  }

  private static float[] biasGradient(float[] g, int batch, int channels, int len) {
    float[] perExample = rowSumsPerExample(g, batch, channels, len);
    float[] out = new float[channels];
    for (int r = 0; r < perExample.length; r++) {
      out[r % channels] += perExample[r];
    }
    return out;
  }

  @Override
  public String toString() {
    return "Conv2d(" + inChannels + "->" + outChannels + ", kernel " + kernelH + "x" + kernelW + ", stride " + stride
        + ", padding " + padding + (bias == null ? ", no bias" : "") + ")";
  }
}
