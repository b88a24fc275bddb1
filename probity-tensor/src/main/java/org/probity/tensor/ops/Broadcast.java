package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * NumPy-style broadcasting for contiguous row-major tensors: materialising a broadcast
 * ({@link #expand}) and its adjoint, summing a gradient back over the broadcast dimensions
 * ({@link #reduceTo}). Both, and the binary ops, walk the output through a {@link Plan}: the
 * output's dimensions with each input's strides (zero where it is broadcast), after dropping
 * size-one dimensions and merging neighbours that stay contiguous for every input, as NumPy's
 * nditer does. What remains is an outer odometer over "rows" and a tight inner loop in which each
 * input either advances by one or stays put, so no per-element index arithmetic is needed.
 */
public final class Broadcast {
  private Broadcast() {}

  /**
   * {@code a} broadcast to {@code target}, materialised in a new tensor. Not recorded on the tape
   * (use {@link Tensor#broadcastTo} for a differentiable broadcast); returns {@code a} itself when
   * the shapes are already equal.
   *
   * @throws IllegalArgumentException naming both shapes when {@code a} does not broadcast to target
   */
  public static Tensor expand(Tensor a, Shape target) {
    Shape from = a.shape();
    if (from.equals(target)) {
      return a;
    }
    checkBroadcastable("broadcastTo", from, target);
    float[] src = a.data();
    float[] out = new float[target.size()];
    if (out.length == 0) {
      return Tensor.wrap(out, target);
    }
    if (src.length == 1) {
      java.util.Arrays.fill(out, src[0]);
      return Tensor.wrap(out, target);
    }
    Plan p = new Plan(target, from);
    int n = p.inner;
    boolean vec = p.innerVec[0];
    for (int r = 0, o = 0; r < p.rows; r++, o += n) {
      int off = p.off[0];
      if (vec) {
        System.arraycopy(src, off, out, o, n);
      } else {
        java.util.Arrays.fill(out, o, o + n, src[off]);
      }
      p.advance();
    }
    return Tensor.wrap(out, target);
  }

  /**
   * The adjoint of {@link #expand}: {@code g} (of a shape that {@code target} broadcasts to) summed
   * over the broadcast dimensions, giving a tensor of shape {@code target}. Sums are accumulated in
   * double so that long reductions (a bias gradient over a large batch) keep float accuracy. Not
   * recorded; returns {@code g} itself when the shapes are already equal.
   *
   * @throws IllegalArgumentException naming both shapes when {@code target} does not broadcast to g
   */
  public static Tensor reduceTo(Tensor g, Shape target) {
    Shape from = g.shape();
    if (from.equals(target)) {
      return g;
    }
    checkBroadcastable("reduceTo", target, from);
    float[] src = g.data();
    float[] out = new float[target.size()];
    if (src.length == 0 || out.length == 0) {
      return Tensor.wrap(out, target);
    }
    if (out.length == 1) {
      out[0] = (float) Reductions.sumRange(src, 0, src.length);
      return Tensor.wrap(out, target);
    }
    double[] acc = new double[out.length];
    Plan p = new Plan(from, target);
    int n = p.inner;
    boolean vec = p.innerVec[0];
    for (int r = 0, i = 0; r < p.rows; r++, i += n) {
      int off = p.off[0];
      if (vec) {
        for (int j = 0; j < n; j++) {
          acc[off + j] += src[i + j];
        }
      } else {
        acc[off] += Reductions.sumRange(src, i, n);
      }
      p.advance();
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) acc[j];
    }
    return Tensor.wrap(out, target);
  }

  /** Fails unless {@code from} broadcasts to exactly {@code to}. */
  static void checkBroadcastable(String op, Shape from, Shape to) {
    int r = to.rank();
    int lead = r - from.rank();
    boolean ok = lead >= 0;
    for (int i = 0; ok && i < from.rank(); i++) {
      int d = from.dim(i);
      ok = d == 1 || d == to.dim(lead + i);
    }
    if (!ok) {
      throw new IllegalArgumentException(op + ": shape " + from + " cannot be broadcast to " + to);
    }
  }

  /**
   * An iteration plan over a contiguous output of shape {@code out} for inputs whose shapes
   * broadcast to it. The output is visited as {@link #rows} runs of {@link #inner} consecutive
   * elements; during a run input k starts at {@code off[k]} and advances by one element when
   * {@code innerVec[k]}, else stays on one element. {@link #advance()} moves to the next run.
   * Callers must have validated that every input broadcasts to {@code out}.
   */
  static final class Plan {
    final int inner;
    final int rows;
    final boolean[] innerVec;
    final int[] off;
    private final int[] dims;
    private final int[][] strides;
    private final int[] idx;

    Plan(Shape out, Shape... ins) {
      int rank = out.rank();
      int k = ins.length;
      int[] od = out.dims();
      // Aligned strides: 0 where the input is broadcast (missing or size one).
      int[][] st = new int[k][rank];
      for (int q = 0; q < k; q++) {
        int[] d = ins[q].dims();
        int lead = rank - d.length;
        int acc = 1;
        for (int i = d.length - 1; i >= 0; i--) {
          st[q][lead + i] = d[i] == 1 ? 0 : acc;
          acc *= d[i];
        }
      }
      int[] gd = new int[rank];
      int[][] gs = new int[k][rank];
      int groups = 0;
      for (int i = 0; i < rank; i++) {
        if (od[i] == 1) {
          continue;
        }
        boolean merge = groups > 0;
        for (int q = 0; merge && q < k; q++) {
          merge = gs[q][groups - 1] == st[q][i] * od[i];
        }
        if (merge) {
          gd[groups - 1] *= od[i];
          for (int q = 0; q < k; q++) {
            gs[q][groups - 1] = st[q][i];
          }
        } else {
          gd[groups] = od[i];
          for (int q = 0; q < k; q++) {
            gs[q][groups] = st[q][i];
          }
          groups++;
        }
      }
      innerVec = new boolean[k];
      off = new int[k];
      if (groups == 0) {
        // Every dimension has size one: a single element.
        inner = 1;
        rows = out.size();
        dims = new int[0];
        strides = new int[k][0];
        java.util.Arrays.fill(innerVec, true);
      } else {
        inner = gd[groups - 1];
        int outerRank = groups - 1;
        dims = java.util.Arrays.copyOf(gd, outerRank);
        strides = new int[k][];
        int r = 1;
        for (int i = 0; i < outerRank; i++) {
          r *= dims[i];
        }
        rows = inner == 0 ? 0 : r;
        for (int q = 0; q < k; q++) {
          innerVec[q] = gs[q][groups - 1] != 0;
          strides[q] = java.util.Arrays.copyOf(gs[q], outerRank);
        }
      }
      idx = new int[dims.length];
    }

    /** Moves every input's offset to the start of the next run. */
    void advance() {
      for (int d = dims.length - 1; d >= 0; d--) {
        idx[d]++;
        if (idx[d] < dims[d]) {
          for (int q = 0; q < off.length; q++) {
            off[q] += strides[q][d];
          }
          return;
        }
        idx[d] = 0;
        for (int q = 0; q < off.length; q++) {
          off[q] -= strides[q][d] * (dims[d] - 1);
        }
      }
    }
  }
}
