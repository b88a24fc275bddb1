package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * 2-D average pooling on NCHW batches, [B, C, H, W] to [B, C, Ho, Wo] with Ho = (H − k)/stride + 1
 * (rounded down, as PyTorch's {@code AvgPool2d} without padding or ceil mode: trailing rows and
 * columns that do not fill a window are dropped). There is no padding option, so every window
 * averages exactly k² inputs. One fused op on the tape; the backward spreads each output gradient
 * evenly, divided by k², over its window.
 */
public final class AvgPool2d implements Module {
  private final int kernel;
  private final int stride;

  /** Non-overlapping windows: stride equals the kernel size. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel);
  }

  public AvgPool2d(int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException("AvgPool2d: kernel and stride must be positive, got kernel " + kernel
          + " stride " + stride);
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  /** Rank 4 and at least one full window, else an error naming the layer and the shape. */
  static void checkInput(String layer, Shape s, int kernel) {
    if (s.rank() != 4) {
      throw new IllegalArgumentException(layer + ": expected input [B, C, H, W], got " + s);
    }
    if (s.dim(2) < kernel || s.dim(3) < kernel) {
      throw new IllegalArgumentException(layer + ": input " + s + " is smaller than the " + kernel + "x" + kernel
          + " window");
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    checkInput(toString(), s, kernel);
    int b = s.dim(0);
    int c = s.dim(1);
    int h = s.dim(2);
    int w = s.dim(3);
    int oh = (h - kernel) / stride + 1;
    int ow = (w - kernel) / stride + 1;
    float scale = 1f / (kernel * kernel);
    float[] xd = x.data();
    float[] out = new float[b * c * oh * ow];
    int o = 0;
    for (int plane = 0; plane < b * c; plane++) {
      int base = plane * h * w;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, o++) {
          int first = base + i * stride * w + j * stride;
          float sum = 0f;
          for (int di = 0; di < kernel; di++) {
            for (int k = first + di * w, end = k + kernel; k < end; k++) {
              sum += xd[k];
            }
          }
          out[o] = sum * scale;
        }
      }
    }
    Tensor y = Tensor.wrap(out, Shape.of(b, c, oh, ow));
    return Tape.record("avgpool2d", y, g -> {
      float[] gd = g.data();
      float[] dx = new float[xd.length];
      int q = 0;
      for (int plane = 0; plane < b * c; plane++) {
        int base = plane * h * w;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++, q++) {
            float v = gd[q] * scale;
            int first = base + i * stride * w + j * stride;
            for (int di = 0; di < kernel; di++) {
              for (int k = first + di * w, end = k + kernel; k < end; k++) {
                dx[k] += v;
              }
            }
          }
        }
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
    return "AvgPool2d(kernel " + kernel + ", stride " + stride + ")";
  }
}
