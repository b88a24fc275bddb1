package org.probity.tensor.ops;

import java.util.Arrays;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Shape and layout operations: reshape (with squeeze, unsqueeze and flatten), transpose and
 * permute, slice, broadcastTo, concat and stack. Every tensor is contiguous and row-major (DESIGN
 * §3), so an op here is either a relabelling of the same row-major data or a copy by index
 * arithmetic. Copies move contiguous runs with {@code System.arraycopy} wherever the layout allows
 * (slices, concatenation and stacking copy whole inner blocks; permutes go through
 * {@link Permutes}, which coalesces axes first). The backward of each op is the same kind of copy
 * in the other direction, so gradients through chains of views cost no more than the views.
 *
 * <p>Axes may be negative and then count from the end, as in NumPy and PyTorch.
 */
public final class ShapeOps {
  private ShapeOps() {}

  /** The same data under new dimensions; one of them may be -1 and is then inferred. */
  public static Tensor reshape(Tensor a, int... dims) {
    return relabel("reshape", a, inferShape(a.shape(), dims));
  }

  /** Swaps two axes (a copy). */
  public static Tensor transpose(Tensor a, int axis0, int axis1) {
    Shape s = a.shape();
    int[] order = identity(s.rank());
    int x = axis("transpose", s, axis0);
    int y = axis("transpose", s, axis1);
    order[x] = y;
    order[y] = x;
    return reorder("transpose", a, order);
  }

  /** Reorders the axes: output axis i is input axis {@code order[i]} (negative entries count from the end). */
  public static Tensor permute(Tensor a, int... order) {
    Shape s = a.shape();
    int r = s.rank();
    int[] o = new int[order.length];
    boolean ok = order.length == r;
    boolean[] seen = new boolean[r];
    for (int i = 0; ok && i < r; i++) {
      o[i] = order[i] < 0 ? order[i] + r : order[i];
      ok = o[i] >= 0 && o[i] < r && !seen[o[i]];
      if (ok) {
        seen[o[i]] = true;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("permute: order " + Arrays.toString(order)
          + " is not a permutation of the " + r + " axes of shape " + s);
    }
    return reorder("permute", a, o);
  }

  /**
   * Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. A negative
   * {@code start} or {@code end} counts from the end of the axis, as in Python ({@code slice(0, 0, -1)}
   * drops the last row); after that, {@code 0 <= start <= end <= dim} must hold. Nothing is clamped.
   *
   * @throws IndexOutOfBoundsException naming the range, the axis and the shape when it does not fit
   */
  public static Tensor slice(Tensor a, int axis, int start, int end) {
    Shape s = a.shape();
    int ax = axis("slice", s, axis);
    int dim = s.dim(ax);
    int from = start < 0 ? start + dim : start;
    int to = end < 0 ? end + dim : end;
    if (from < 0 || from > to || to > dim) {
      throw new IndexOutOfBoundsException("slice: range [" + start + ", " + end + ") is out of bounds for axis "
          + ax + " (size " + dim + ") of shape " + s);
    }
    int outer = s.outer(ax);
    int inner = s.inner(ax);
    int inRow = dim * inner;
    int outRow = (to - from) * inner;
    int skip = from * inner;
    float[] src = a.data();
    float[] dst = new float[outer * outRow];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(src, o * inRow + skip, dst, o * outRow, outRow);
    }
    Tensor out = Tensor.wrap(dst, s.with(ax, to - from));
    return Tape.record("slice", out, g -> {
      float[] gs = g.data();
      float[] ga = new float[src.length];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(gs, o * outRow, ga, o * inRow + skip, outRow);
      }
      return new Tensor[] {Tensor.wrap(ga, s)};
    }, a);
  }

  /** Removes axis {@code axis}, which must have size one. */
  public static Tensor squeeze(Tensor a, int axis) {
    Shape s = a.shape();
    int ax = axis("squeeze", s, axis);
    if (s.dim(ax) != 1) {
      throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + s + " has size " + s.dim(ax)
          + ", not 1");
    }
    return relabel("squeeze", a, s.without(ax));
  }

  /** Inserts a size-one axis so that it becomes axis {@code axis}; {@code axis == rank} appends. */
  public static Tensor unsqueeze(Tensor a, int axis) {
    Shape s = a.shape();
    int r = s.rank();
    int ax = axis < 0 ? axis + r + 1 : axis;
    if (ax < 0 || ax > r) {
      throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + s
          + " (valid: " + (-r - 1) + ".." + r + ")");
    }
    int[] dims = s.dims();
    int[] d = new int[r + 1];
    System.arraycopy(dims, 0, d, 0, ax);
    d[ax] = 1;
    System.arraycopy(dims, ax, d, ax + 1, r - ax);
    return relabel("unsqueeze", a, Shape.of(d));
  }

  /** Collapses axes {@code startAxis}..end into one; a rank-0 tensor becomes shape [1]. */
  public static Tensor flatten(Tensor a, int startAxis) {
    Shape s = a.shape();
    if (s.rank() == 0) {
      if (startAxis != 0 && startAxis != -1) {
        throw new IllegalArgumentException("flatten: axis " + startAxis + " out of range for shape " + s);
      }
      return relabel("flatten", a, Shape.of(1));
    }
    int ax = axis("flatten", s, startAxis);
    int[] dims = s.dims();
    int[] d = Arrays.copyOf(dims, ax + 1);
    for (int i = ax + 1; i < dims.length; i++) {
      d[ax] *= dims[i];
    }
    return relabel("flatten", a, Shape.of(d));
  }

  /** Materialises NumPy-style broadcasting to {@code target}; the gradient sums over the stretched axes. */
  public static Tensor broadcastTo(Tensor a, Shape target) {
    Shape from = a.shape();
    if (from.equals(target)) {
      return relabel("broadcastTo", a, target);
    }
    Tensor out = Broadcast.expand(a, target);
    return Tape.record("broadcastTo", out, g -> new Tensor[] {Broadcast.reduceTo(g, from)}, a);
  }

  /**
   * Joins tensors along an existing axis. All parts have the same rank and the same dimensions except
   * on {@code axis}.
   */
  public static Tensor concat(int axis, Tensor... parts) {
    if (parts == null || parts.length == 0) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    Shape ref = parts[0].shape();
    if (ref.rank() == 0) {
      throw new IllegalArgumentException("concat: part 0 is a scalar (shape []); use stack to join scalars");
    }
    int ax = axis("concat", ref, axis);
    int total = 0;
    for (int i = 0; i < parts.length; i++) {
      Shape s = parts[i].shape();
      if (s.rank() != ref.rank() || !s.with(ax, 0).equals(ref.with(ax, 0))) {
        throw new IllegalArgumentException("concat: part " + i + " has shape " + s + " but part 0 has shape " + ref
            + "; shapes must agree on every axis except " + ax);
      }
      total += s.dim(ax);
    }
    int outer = ref.outer(ax);
    int inner = ref.inner(ax);
    int outRow = total * inner;
    int k = parts.length;
    int[] offset = new int[k];
    int[] row = new int[k];
    float[] dst = new float[outer * outRow];
    for (int i = 0, off = 0; i < k; i++) {
      offset[i] = off;
      row[i] = parts[i].shape().dim(ax) * inner;
      float[] src = parts[i].data();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * row[i], dst, o * outRow + off, row[i]);
      }
      off += row[i];
    }
    Tensor out = Tensor.wrap(dst, ref.with(ax, total));
    boolean[] needs = needsGrad(parts);
    Tensor[] inputs = parts.clone();
    return Tape.record("concat", out, g -> {
      float[] gs = g.data();
      Tensor[] grads = new Tensor[k];
      for (int i = 0; i < k; i++) {
        if (needs[i]) {
          float[] gp = new float[outer * row[i]];
          for (int o = 0; o < outer; o++) {
            System.arraycopy(gs, o * outRow + offset[i], gp, o * row[i], row[i]);
          }
          grads[i] = Tensor.wrap(gp, inputs[i].shape());
        }
      }
      return grads;
    }, inputs);
  }

  /** Joins same-shaped tensors along a new axis {@code axis} (0..rank; negative counts from rank). */
  public static Tensor stack(int axis, Tensor... parts) {
    if (parts == null || parts.length == 0) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    Shape ref = parts[0].shape();
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].shape().equals(ref)) {
        throw new IllegalArgumentException("stack: part " + i + " has shape " + parts[i].shape()
            + " but part 0 has shape " + ref + "; all parts must have the same shape");
      }
    }
    int r = ref.rank();
    int ax = axis < 0 ? axis + r + 1 : axis;
    if (ax < 0 || ax > r) {
      throw new IllegalArgumentException("stack: axis " + axis + " out of range for parts of shape " + ref
          + " (valid: " + (-r - 1) + ".." + r + ")");
    }
    int k = parts.length;
    int[] dims = ref.dims();
    int[] d = new int[r + 1];
    System.arraycopy(dims, 0, d, 0, ax);
    d[ax] = k;
    System.arraycopy(dims, ax, d, ax + 1, r - ax);
    int inner = 1;
    for (int i = ax; i < r; i++) {
      inner *= dims[i];
    }
    int outer = inner == 0 ? 0 : ref.size() / inner;
    int blk = inner;
    float[] dst = new float[k * ref.size()];
    for (int i = 0; i < k; i++) {
      float[] src = parts[i].data();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * blk, dst, (o * k + i) * blk, blk);
      }
    }
    Tensor out = Tensor.wrap(dst, Shape.of(d));
    boolean[] needs = needsGrad(parts);
    Tensor[] inputs = parts.clone();
    return Tape.record("stack", out, g -> {
      float[] gs = g.data();
      Tensor[] grads = new Tensor[k];
      for (int i = 0; i < k; i++) {
        if (needs[i]) {
          float[] gp = new float[ref.size()];
          for (int o = 0; o < outer; o++) {
            System.arraycopy(gs, (o * k + i) * blk, gp, o * blk, blk);
          }
          grads[i] = Tensor.wrap(gp, ref);
        }
      }
      return grads;
    }, inputs);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A new tensor over the same data array under another shape of the same size. Sharing is safe
   * because tensors are treated as immutable (Tensor's contract: data still needed by a recorded op
   * must not be changed) and the row-major order is unchanged; it saves a copy on every reshape,
   * squeeze, unsqueeze and flatten. The gradient is relabelled back the same way, also without a copy.
   */
  private static Tensor relabel(String op, Tensor a, Shape target) {
    Shape from = a.shape();
    Tensor out = Tensor.wrap(a.data(), target);
    return Tape.record(op, out, g -> new Tensor[] {Tensor.wrap(g.data(), from)}, a);
  }

  private static Tensor reorder(String op, Tensor a, int[] order) {
    Shape s = a.shape();
    int[] dims = s.dims();
    int r = dims.length;
    int[] outDims = new int[r];
    int[] inverse = new int[r];
    for (int i = 0; i < r; i++) {
      outDims[i] = dims[order[i]];
      inverse[order[i]] = i;
    }
    Tensor out = Tensor.wrap(Permutes.permute(a.data(), dims, order), Shape.of(outDims));
    return Tape.record(op, out, g -> new Tensor[] {
        Tensor.wrap(Permutes.permute(g.data(), outDims, inverse), s)}, a);
  }

  private static Shape inferShape(Shape from, int[] dims) {
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1 && unknown < 0) {
        unknown = i;
      } else if (dims[i] < 0) {
        throw new IllegalArgumentException("reshape: cannot reshape " + from + " to " + Arrays.toString(dims)
            + ": only one dimension may be -1 and none may be otherwise negative");
      } else {
        known *= dims[i];
      }
    }
    int[] d = dims.clone();
    if (unknown >= 0) {
      if (known == 0 || from.size() % known != 0) {
        throw new IllegalArgumentException("reshape: cannot reshape " + from + " (size " + from.size() + ") to "
            + Arrays.toString(dims) + ": the -1 dimension cannot be inferred");
      }
      d[unknown] = (int) (from.size() / known);
    } else if (known != from.size()) {
      throw new IllegalArgumentException("reshape: cannot reshape " + from + " (size " + from.size() + ") to "
          + Arrays.toString(dims) + " (size " + known + ")");
    }
    return Shape.of(d);
  }

  /** Normalises an axis, naming the op in the error. */
  static int axis(String op, Shape s, int axis) {
    int r = s.rank();
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape " + s
          + (r == 0 ? "" : " (valid: " + (-r) + ".." + (r - 1) + ")"));
    }
    return a;
  }

  private static int[] identity(int r) {
    int[] o = new int[r];
    for (int i = 0; i < r; i++) {
      o[i] = i;
    }
    return o;
  }

  /** Which parts the current tape tracks, so backward copies only the gradients someone needs. */
  private static boolean[] needsGrad(Tensor[] parts) {
    boolean[] needs = new boolean[parts.length];
    for (int i = 0; i < parts.length; i++) {
      needs[i] = Tape.recording(parts[i]);
    }
    return needs;
  }
}
