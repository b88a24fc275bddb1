package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Integer indexing with PyTorch's semantics: {@code gather} and {@code scatterAdd} (torch.gather,
 * torch.scatter_add; each is the other's adjoint), {@code indexSelect} (torch.index_select, what an
 * embedding lookup and minibatch selection use) and {@code oneHot}. Indices travel as {@code int[]}
 * beside the tensors. They are validated once, in the forward pass; an index out of range is an
 * {@link IndexOutOfBoundsException} naming the op, the value, the axis and the shape. Repeated
 * indices are allowed everywhere, and their gradients add up.
 */
public final class Indexing {
  private Indexing() {}

  /**
   * torch.gather: {@code out[i][j][k] = a[i][index[i][j][k]][k]} for axis 1, and likewise for any
   * axis. {@code index} is row-major with shape {@code indexShape}, of the same rank as {@code a}
   * and no larger than {@code a} on the other axes; the output has shape {@code indexShape}.
   */
  public static Tensor gather(Tensor a, int axis, int[] index, Shape indexShape) {
    int[] off = offsets("gather", a.shape(), axis, index, indexShape);
    float[] src = a.data();
    float[] dst = new float[off.length];
    for (int p = 0; p < off.length; p++) {
      dst[p] = src[off[p]];
    }
    Shape s = a.shape();
    return Tape.record("gather", Tensor.wrap(dst, indexShape), g -> {
      float[] gs = g.data();
      float[] ga = new float[src.length];
      for (int p = 0; p < off.length; p++) {
        ga[off[p]] += gs[p];
      }
      return new Tensor[] {Tensor.wrap(ga, s)};
    }, a);
  }

  /**
   * torch.scatter_add on a copy of {@code a}: {@code out[i][index[i][j][k]][k] += src[i][j][k]} for
   * axis 1. {@code src} has shape {@code indexShape}. Gradients: {@code g} to {@code a}, and the
   * gather of {@code g} at the same index to {@code src}.
   */
  public static Tensor scatterAdd(Tensor a, int axis, int[] index, Shape indexShape, Tensor src) {
    if (!src.shape().equals(indexShape)) {
      throw new IllegalArgumentException("scatterAdd: src has shape " + src.shape() + " but the index has shape "
          + indexShape + "; they must be equal");
    }
    int[] off = offsets("scatterAdd", a.shape(), axis, index, indexShape);
    float[] dst = a.data().clone();
    float[] sv = src.data();
    for (int p = 0; p < off.length; p++) {
      dst[off[p]] += sv[p];
    }
    return Tape.record("scatterAdd", Tensor.wrap(dst, a.shape()), g -> {
      float[] gd = g.data();
      float[] gsrc = new float[off.length];
      for (int p = 0; p < off.length; p++) {
        gsrc[p] = gd[off[p]];
      }
      return new Tensor[] {g, Tensor.wrap(gsrc, indexShape)};
    }, a, src);
  }

  /**
   * torch.index_select: the slices of {@code a} at {@code indices} along {@code axis}, in that order
   * (repeats allowed). Each selected slice is a run of contiguous blocks, copied with
   * {@code System.arraycopy}; along axis 0 that is one copy per selected row.
   */
  public static Tensor indexSelect(Tensor a, int axis, int[] indices) {
    Shape s = a.shape();
    int ax = ShapeOps.axis("indexSelect", s, axis);
    int dim = s.dim(ax);
    for (int v : indices) {
      if (v < 0 || v >= dim) {
        throw outOfRange("indexSelect", v, ax, s);
      }
    }
    int n = indices.length;
    int outer = s.outer(ax);
    int inner = s.inner(ax);
    float[] src = a.data();
    float[] dst = new float[outer * n * inner];
    for (int o = 0, q = 0; o < outer; o++) {
      int base = o * dim * inner;
      for (int j = 0; j < n; j++, q += inner) {
        System.arraycopy(src, base + indices[j] * inner, dst, q, inner);
      }
    }
    Tensor out = Tensor.wrap(dst, s.with(ax, n));
    if (!Tape.recording(a)) {
      return out;
    }
    // The caller may reuse its index buffer for the next batch before backward runs.
    int[] idx = indices.clone();
    return Tape.record("indexSelect", out, g -> {
      float[] gs = g.data();
      float[] ga = new float[src.length];
      for (int o = 0, q = 0; o < outer; o++) {
        int base = o * dim * inner;
        for (int j = 0; j < n; j++, q += inner) {
          int t = base + idx[j] * inner;
          for (int c = 0; c < inner; c++) {
            ga[t + c] += gs[q + c];
          }
        }
      }
      return new Tensor[] {Tensor.wrap(ga, s)};
    }, a);
  }

  /** One-hot rows of shape [labels.length, numClasses]; not differentiable, so never recorded. */
  public static Tensor oneHot(int[] labels, int numClasses) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
    }
    float[] d = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      int c = labels[i];
      if (c < 0 || c >= numClasses) {
        throw new IndexOutOfBoundsException("oneHot: label " + c + " at position " + i + " is out of range for "
            + numClasses + " classes (valid labels are 0.." + (numClasses - 1) + ")");
      }
      d[i * numClasses + c] = 1f;
    }
    return Tensor.wrap(d, Shape.of(labels.length, numClasses));
  }

  /**
   * For each position p of {@code index} (row-major over {@code indexShape}), the flat offset in
   * {@code a} of the element that torch.gather reads there: p's coordinates with the coordinate on
   * {@code axis} replaced by {@code index[p]}. Validates shapes and index values.
   */
  private static int[] offsets(String op, Shape aShape, int axis, int[] index, Shape indexShape) {
    int ax = ShapeOps.axis(op, aShape, axis);
    int r = aShape.rank();
    if (indexShape.rank() != r) {
      throw new IllegalArgumentException(op + ": index shape " + indexShape + " must have the same rank as the input "
          + "shape " + aShape);
    }
    if (index.length != indexShape.size()) {
      throw new IllegalArgumentException(op + ": index has " + index.length + " entries but index shape "
          + indexShape + " has " + indexShape.size());
    }
    int[] ad = aShape.dims();
    int[] id = indexShape.dims();
    for (int d = 0; d < r; d++) {
      if (d != ax && id[d] > ad[d]) {
        throw new IllegalArgumentException(op + ": index shape " + indexShape + " is larger than the input shape "
            + aShape + " on axis " + d + " (only axis " + ax + " may differ freely)");
      }
    }
    int[] st = aShape.strides();
    int n = index.length;
    int[] off = new int[n];
    int[] ctr = new int[r];
    int dimAx = ad[ax];
    int strideAx = st[ax];
    int base = 0;
    for (int p = 0; p < n; p++) {
      int v = index[p];
      if (v < 0 || v >= dimAx) {
        throw outOfRange(op, v, ax, aShape);
      }
      off[p] = base + v * strideAx;
      // Odometer over indexShape; base tracks the offset of every coordinate except axis ax.
      for (int d = r - 1; d >= 0; d--) {
        int step = d == ax ? 0 : st[d];
        base += step;
        if (++ctr[d] < id[d]) {
          break;
        }
        base -= step * id[d];
        ctr[d] = 0;
      }
    }
    return off;
  }

  private static IndexOutOfBoundsException outOfRange(String op, int value, int axis, Shape s) {
    return new IndexOutOfBoundsException(op + ": index " + value + " is out of range for axis " + axis + " (size "
        + s.dim(axis) + ") of shape " + s + " (valid: 0.." + (s.dim(axis) - 1) + ")");
  }
}
