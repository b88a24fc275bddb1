package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * 2-D max pooling on NCHW batches, [B, C, H, W] to [B, C, Ho, Wo] with Ho = (H − k)/stride + 1
 * (rounded down, as PyTorch's {@code MaxPool2d} without padding or ceil mode: trailing rows and
 * columns that do not fill a window are dropped). There is no padding option; pad with a
 * convolution instead. One fused op on the tape: the forward remembers where each maximum came
 * from, and the backward routes each output gradient to that one input, the first maximum of its
 * window in row-major order (a NaN in a window wins, so it propagates as in PyTorch).
 */
public final class MaxPool2d implements Module {
  private final int kernel;
  private final int stride;

  /** Non-overlapping windows: stride equals the kernel size. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel);
  }

  public MaxPool2d(int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException("MaxPool2d: kernel and stride must be positive, got kernel " + kernel
          + " stride " + stride);
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    AvgPool2d.checkInput(this.toString(), s, kernel);
    int b = s.dim(0);
    int c = s.dim(1);
    int h = s.dim(2);
    int w = s.dim(3);
    int oh = (h - kernel) / stride + 1;
    int ow = (w - kernel) / stride + 1;
    float[] xd = x.data();
    float[] out = new float[b * c * oh * ow];
    int[] from = new int[out.length];
    int o = 0;
    for (int plane = 0; plane < b * c; plane++) {
      int base = plane * h * w;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, o++) {
          int first = base + i * stride * w + j * stride;
          int arg = first;
          float best = xd[first];
          for (int di = 0; di < kernel; di++) {
            int row = first + di * w;
            for (int dj = 0; dj < kernel; dj++) {
              float v = xd[row + dj];
              // Strictly greater keeps the first maximum; a NaN, once found, is kept.
              if ((v > best || v != v) && best == best) {
                best = v;
                arg = row + dj;
              }
            }
          }
          out[o] = best;
          from[o] = arg;
        }
      }
    }
    Tensor y = Tensor.wrap(out, Shape.of(b, c, oh, ow));
    return Tape.record("maxpool2d", y, g -> {
      float[] gd = g.data();
      float[] dx = new float[xd.length];
      for (int k = 0; k < gd.length; k++) {
        dx[from[k]] += gd[k];
      }
      return new Tensor[] {Tensor.wrap(dx, s)};
    }, x);
  }

  @Override
  public Params params() {
    return Params.of(Map.of());
  }

  @Override
  public String toString() {
    return "MaxPool2d(kernel " + kernel + ", stride " + stride + ")";
  }
}
