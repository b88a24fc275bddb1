package org.probity.tensor.nn;

/**
 * The geometry of one 2-D convolution window over a [C, H, W] image and the unfold (im2col) and
 * fold (col2im) copies that turn convolution into matrix multiplication (Chellapilla, Puri and
 * Simard 2006, "High performance convolutional neural networks for document processing"). The
 * unfolded matrix has one row per (channel, kernel row, kernel column), ordered as PyTorch's
 * weight layout [Cout, Cin, kh, kw] flattens, and one column per output position (oh, ow), so that
 * {@code out = W[Cout, Cin·kh·kw] · cols[Cin·kh·kw, Ho·Wo]}. Several images may share one matrix
 * side by side (a leading dimension wider than Ho·Wo and a column offset), which lets a layer batch
 * small images into one larger GEMM.
 *
 * <p>Zero padding is implicit: positions outside the image read as zero on unfold and are dropped
 * on fold. Instances are immutable and hold no buffers, so one may be shared across threads.
 */
public final class Im2col {
  public final int channels;
  public final int height;
  public final int width;
  public final int kernelH;
  public final int kernelW;
  public final int strideH;
  public final int strideW;
  public final int padH;
  public final int padW;
  public final int outH;
  public final int outW;

  /**
   * @throws IllegalArgumentException when a size is not positive or the padded image is smaller
   *     than the kernel
   */
  public Im2col(int channels, int height, int width, int kernelH, int kernelW,
      int strideH, int strideW, int padH, int padW) {
    if (channels <= 0 || height <= 0 || width <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0
        || strideW <= 0 || padH < 0 || padW < 0) {
      throw new IllegalArgumentException("im2col: sizes must be positive (padding non-negative): channels="
          + channels + " image " + height + "x" + width + " kernel " + kernelH + "x" + kernelW + " stride "
          + strideH + "x" + strideW + " padding " + padH + "x" + padW);
    }
    if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
      throw new IllegalArgumentException("im2col: image " + height + "x" + width + " with padding " + padH + "x"
          + padW + " is smaller than the kernel " + kernelH + "x" + kernelW);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
    this.outH = (height + 2 * padH - kernelH) / strideH + 1;
    this.outW = (width + 2 * padW - kernelW) / strideW + 1;
  }

  /** Rows of the unfolded matrix: channels·kernelH·kernelW. */
  public int rows() {
    return channels * kernelH * kernelW;
  }

  /** Columns one image contributes: outH·outW. */
  public int positions() {
    return outH * outW;
  }

  /** Elements of one image: channels·height·width. */
  public int imageSize() {
    return channels * height * width;
  }

  /**
   * Writes the unfolded image {@code x[xOff ..]} into {@code cols}: row r, position l goes to
   * {@code cols[r·ld + colOff + l]}. Every element of that block is written (zeros where padded).
   */
  public void unfold(float[] x, int xOff, float[] cols, int ld, int colOff) {
    int hw = height * width;
    for (int c = 0; c < channels; c++) {
      int xc = xOff + c * hw;
      for (int ki = 0; ki < kernelH; ki++) {
        for (int kj = 0; kj < kernelW; kj++) {
          int row = ((c * kernelH + ki) * kernelW + kj) * ld + colOff;
          // Output columns whose input column lies inside the image: lo <= ow < hi.
          int lo = firstInside(kj - padW, strideW);
          int hi = endInside(kj - padW, strideW, width, outW);
          for (int oh = 0; oh < outH; oh++) {
            int ih = oh * strideH - padH + ki;
            int dst = row + oh * outW;
            if (ih < 0 || ih >= height || lo >= hi) {
              java.util.Arrays.fill(cols, dst, dst + outW, 0f);
              continue;
            }
            for (int ow = 0; ow < lo; ow++) {
              cols[dst + ow] = 0f;
            }
            int src = xc + ih * width + lo * strideW - padW + kj;
            if (strideW == 1) {
              System.arraycopy(x, src, cols, dst + lo, hi - lo);
            } else {
              for (int ow = lo; ow < hi; ow++, src += strideW) {
                cols[dst + ow] = x[src];
              }
            }
            for (int ow = hi; ow < outW; ow++) {
              cols[dst + ow] = 0f;
            }
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #unfold}: adds each element of the unfolded block
   * {@code cols[r·ld + colOff + l]} into the image position it was read from, in {@code dx[dxOff ..]}.
   */
  public void fold(float[] cols, int ld, int colOff, float[] dx, int dxOff) {
    int hw = height * width;
    for (int c = 0; c < channels; c++) {
      int xc = dxOff + c * hw;
      for (int ki = 0; ki < kernelH; ki++) {
        for (int kj = 0; kj < kernelW; kj++) {
          int row = ((c * kernelH + ki) * kernelW + kj) * ld + colOff;
          int lo = firstInside(kj - padW, strideW);
          int hi = endInside(kj - padW, strideW, width, outW);
          if (lo >= hi) {
            continue;
          }
          for (int oh = 0; oh < outH; oh++) {
            int ih = oh * strideH - padH + ki;
            if (ih < 0 || ih >= height) {
              continue;
            }
            int src = row + oh * outW;
            int dst = xc + ih * width + lo * strideW - padW + kj;
            for (int ow = lo; ow < hi; ow++, dst += strideW) {
              dx[dst] += cols[src + ow];
            }
          }
        }
      }
    }
  }

  /** Smallest ow >= 0 with ow·stride + shift >= 0. */
  private static int firstInside(int shift, int stride) {
    return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  }

  /** One past the largest ow < outW with ow·stride + shift < width. */
  private static int endInside(int shift, int stride, int width, int outW) {
    int limit = width - shift; // need ow·stride < limit
    if (limit <= 0) {
      return 0;
    }
    return Math.min(outW, (limit - 1) / stride + 1);
  }

  @Override
  public String toString() {
    return "Im2col[" + channels + "x" + height + "x" + width + ", kernel " + kernelH + "x" + kernelW + ", stride "
        + strideH + "x" + strideW + ", padding " + padH + "x" + padW + " -> " + outH + "x" + outW + "]";
  }
}
