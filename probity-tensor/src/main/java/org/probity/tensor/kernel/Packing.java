package org.probity.tensor.kernel;

/**
 * Copies blocks of the GEMM operands into the contiguous, zero-padded panels the micro-kernel
 * streams through, as in Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 2008) and BLIS. Packing is where transposition is absorbed: the panels
 * have the same layout whether the operand was stored transposed or not, so op(A) and op(B) cost
 * the same. Rows of A past {@code m} and columns of B past {@code n} are packed as zeros, so the
 * micro-kernel always computes full tiles and edge tiles need no special arithmetic.
 */
final class Packing {
  private Packing() {}

  /**
   * Packs rows {@code i0..i0+mc} and columns {@code p0..p0+kc} of op(A) into panels of {@code mr}
   * rows: panel q holds, for each p, the {@code mr} values of rows q·mr.. of column p.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
      int mr, float[] dst) {
    int panels = (mc + mr - 1) / mr;
    for (int q = 0; q < panels; q++) {
      int base = q * mr * kc;
      int rows = Math.min(mr, mc - q * mr);
      int iq = i0 + q * mr;
      if (transA) {
        // Stored k×m: the mr values of one column of op(A) are contiguous.
        for (int p = 0; p < kc; p++) {
          int src = aOff + (p0 + p) * lda + iq;
          int d = base + p * mr;
          for (int r = 0; r < rows; r++) {
            dst[d + r] = a[src + r];
          }
          for (int r = rows; r < mr; r++) {
            dst[d + r] = 0f;
          }
        }
      } else {
        // Stored m×k: read each row contiguously, write with stride mr.
        for (int r = 0; r < rows; r++) {
          int src = aOff + (iq + r) * lda + p0;
          int d = base + r;
          for (int p = 0; p < kc; p++) {
            dst[d + p * mr] = a[src + p];
          }
        }
        for (int r = rows; r < mr; r++) {
          int d = base + r;
          for (int p = 0; p < kc; p++) {
            dst[d + p * mr] = 0f;
          }
        }
      }
    }
  }

  /**
   * Packs rows {@code p0..p0+kc} and columns {@code j0..j0+nc} of op(B) into panels of {@code nr}
   * columns: panel q holds, for each p, the {@code nr} values of row p in columns q·nr...
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
      int nr, float[] dst) {
    int panels = (nc + nr - 1) / nr;
    for (int q = 0; q < panels; q++) {
      int base = q * nr * kc;
      int cols = Math.min(nr, nc - q * nr);
      int jq = j0 + q * nr;
      if (transB) {
        // Stored n×k: read each column of op(B) contiguously, write with stride nr.
        for (int j = 0; j < cols; j++) {
          int src = bOff + (jq + j) * ldb + p0;
          int d = base + j;
          for (int p = 0; p < kc; p++) {
            dst[d + p * nr] = b[src + p];
          }
        }
        for (int j = cols; j < nr; j++) {
          int d = base + j;
          for (int p = 0; p < kc; p++) {
            dst[d + p * nr] = 0f;
          }
        }
      } else if (cols == nr && nr == MicroKernel.NR) {
        // The common case: 16 contiguous floats per row; arraycopy's call overhead would dominate.
        int src = bOff + p0 * ldb + jq;
        for (int p = 0; p < kc; p++) {
          MicroKernel.copy16(b, src + p * ldb, dst, base + p * nr);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (p0 + p) * ldb + jq;
          int d = base + p * nr;
          for (int j = 0; j < cols; j++) {
            dst[d + j] = b[src + j];
          }
          for (int j = cols; j < nr; j++) {
            dst[d + j] = 0f;
          }
        }
      }
    }
  }
}
