package org.probity.tensor.ops;

/**
 * The copy kernel behind transpose and permute: writes a row-major array whose axes are reordered.
 * Before copying it drops size-one axes and merges axes that stay adjacent and in order (the
 * dimension coalescing of NumPy's nditer and PyTorch's TensorIterator), so that most real permutes
 * reduce to one of two fast shapes: contiguous runs moved with {@code System.arraycopy} (for
 * example swapping the time and head axes of a [B, T, H, D] tensor moves D-long runs), or a batch
 * of 2-D transposes done in cache-sized tiles. Anything else falls back to an odometer over the
 * output with a strided inner loop; none of the paths allocates per element.
 */
final class Permutes {
  // 32x32 floats = 4 KiB per tile for source and destination: both stay in L1.
  private static final int TILE = 32;

  private Permutes() {}

  /**
   * Returns {@code src} (shape {@code dims}) with its axes reordered: output axis i is input axis
   * {@code order[i]}. {@code order} must already be a validated permutation.
   */
  static float[] permute(float[] src, int[] dims, int[] order) {
    int n = src.length;
    float[] dst = new float[n];
    if (n == 0) {
      return dst;
    }
    int r = dims.length;
    // 1. Drop size-one axes: they move no data.
    int[] newIndex = new int[r];
    int[] kept = new int[r];
    int m = 0;
    for (int i = 0; i < r; i++) {
      newIndex[i] = dims[i] == 1 ? -1 : m;
      if (dims[i] != 1) {
        kept[m++] = dims[i];
      }
    }
    int[] ord = new int[m];
    for (int i = 0, k = 0; i < r; i++) {
      if (dims[order[i]] != 1) {
        ord[k++] = newIndex[order[i]];
      }
    }
    // 2. Merge runs of output axes that are consecutive input axes into one group each.
    int[] first = new int[m];
    int[] last = new int[m];
    int groups = 0;
    for (int i = 0; i < m; i++) {
      if (groups > 0 && ord[i] == last[groups - 1] + 1) {
        last[groups - 1] = ord[i];
      } else {
        first[groups] = ord[i];
        last[groups] = ord[i];
        groups++;
      }
    }
    if (groups <= 1) {
      System.arraycopy(src, 0, dst, 0, n);
      return dst;
    }
    // Group g (in output order) becomes input axis rank(g), ranking groups by their first input axis.
    int[] p = new int[groups];
    int[] d = new int[groups];
    for (int g = 0; g < groups; g++) {
      int rank = 0;
      for (int h = 0; h < groups; h++) {
        if (first[h] < first[g]) {
          rank++;
        }
      }
      p[g] = rank;
      int size = 1;
      for (int ax = first[g]; ax <= last[g]; ax++) {
        size *= kept[ax];
      }
      d[rank] = size;
    }
    int[] stride = new int[groups];
    for (int ax = groups - 1, acc = 1; ax >= 0; ax--) {
      stride[ax] = acc;
      acc *= d[ax];
    }
    if (p[groups - 1] == groups - 1) {
      copyRuns(src, dst, d, stride, p);
    } else if (isBatchedTranspose(p)) {
      int rows = d[groups - 2];
      int cols = d[groups - 1];
      transposeBatched(src, dst, n / (rows * cols), rows, cols);
    } else {
      copyStrided(src, dst, d, stride, p);
    }
    return dst;
  }

  private static boolean isBatchedTranspose(int[] p) {
    int k = p.length;
    for (int i = 0; i < k - 2; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return p[k - 2] == k - 1 && p[k - 1] == k - 2;
  }

  /** The last output axis is the last input axis: move its contiguous runs whole. */
  private static void copyRuns(float[] src, float[] dst, int[] d, int[] stride, int[] p) {
    int k = p.length;
    int run = d[k - 1];
    int runs = dst.length / run;
    int[] ctr = new int[k - 1];
    int base = 0;
    for (int it = 0, o = 0; it < runs; it++, o += run) {
      System.arraycopy(src, base, dst, o, run);
      base = advance(ctr, base, d, stride, p, k - 2);
    }
  }

  /** General case: odometer over the outer output axes, strided reads along the last one. */
  private static void copyStrided(float[] src, float[] dst, int[] d, int[] stride, int[] p) {
    int k = p.length;
    int len = d[p[k - 1]];
    int step = stride[p[k - 1]];
    int lines = dst.length / len;
    int[] ctr = new int[k - 1];
    int base = 0;
    for (int it = 0, o = 0; it < lines; it++) {
      for (int j = 0, s = base; j < len; j++, s += step) {
        dst[o++] = src[s];
      }
      base = advance(ctr, base, d, stride, p, k - 2);
    }
  }

  /** Steps the output counter over axes 0..top and returns the matching input offset. */
  private static int advance(int[] ctr, int base, int[] d, int[] stride, int[] p, int top) {
    for (int ax = top; ax >= 0; ax--) {
      int in = p[ax];
      base += stride[in];
      if (++ctr[ax] < d[in]) {
        return base;
      }
      base -= stride[in] * d[in];
      ctr[ax] = 0;
    }
    return base;
  }

  /** dst[b][c][r] = src[b][r][c], tile by tile so both sides stay in cache. */
  static void transposeBatched(float[] src, float[] dst, int batch, int rows, int cols) {
    int plane = rows * cols;
    for (int b = 0, off = 0; b < batch; b++, off += plane) {
      for (int r0 = 0; r0 < rows; r0 += TILE) {
        int r1 = Math.min(rows, r0 + TILE);
        for (int c0 = 0; c0 < cols; c0 += TILE) {
          int c1 = Math.min(cols, c0 + TILE);
          for (int r = r0; r < r1; r++) {
            int s = off + r * cols;
            for (int c = c0; c < c1; c++) {
              dst[off + c * rows + r] = src[s + c];
            }
          }
        }
      }
    }
  }
}
