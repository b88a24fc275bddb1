package org.probity.tensor.kernel;

/**
 * Copies blocks of the GEMM operands into the contiguous, zero-padded panels the micro-kernel
 * streams through, as in Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 2008) and BLIS. Packing is where transposition is absorbed: the panels
 * have the same layout whether the operand was stored transposed or not, so op(A) and op(B) cost
 * the same in the micro-kernel. Rows of A past {@code m} and columns of B past {@code n} are
 * packed as zeros, so the micro-kernel always computes full tiles and edge tiles need no special
 * arithmetic. The panel sizes are the micro-kernel's constants, so the copy loops have constant
 * strides that the JIT can unroll.
 */
final class Packing {
  private static final int MR = MicroKernel.MR;
  private static final int NR = MicroKernel.NR;

  private Packing() {}

  /**
   * Packs rows {@code i0..i0+mc} and columns {@code p0..p0+kc} of op(A) into panels of MR rows:
   * panel q holds, for each p, the MR values of rows q·MR.. of column p.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
      float[] dst) {
    int panels = (mc + MR - 1) / MR;
    int full = mc / MR;
    if (transA) {
      // Stored k×m: walk each stored row once, left to right, and deal it out to the panels.
      // Walking panel by panel instead would touch kc rows (often kc pages) per panel.
      for (int p = 0; p < kc; p++) {
        int src = aOff + (p0 + p) * lda + i0;
        for (int q = 0; q < full; q++) {
          int d = q * MR * kc + p * MR;
          int s = src + q * MR;
          dst[d] = a[s];
          dst[d + 1] = a[s + 1];
          dst[d + 2] = a[s + 2];
          dst[d + 3] = a[s + 3];
          dst[d + 4] = a[s + 4];
          dst[d + 5] = a[s + 5];
        }
        if (full < panels) {
          int d = full * MR * kc + p * MR;
          int rows = mc - full * MR;
          for (int r = 0; r < MR; r++) {
            dst[d + r] = r < rows ? a[src + full * MR + r] : 0f;
          }
        }
      }
      return;
    }
    // Stored m×k: read each row contiguously, write with stride MR.
    for (int q = 0; q < panels; q++) {
      int base = q * MR * kc;
      int rows = Math.min(MR, mc - q * MR);
      for (int r = 0; r < rows; r++) {
        int src = aOff + (i0 + q * MR + r) * lda + p0;
        int d = base + r;
        for (int p = 0; p < kc; p++) {
          dst[d + p * MR] = a[src + p];
        }
      }
      for (int r = rows; r < MR; r++) {
        int d = base + r;
        for (int p = 0; p < kc; p++) {
          dst[d + p * MR] = 0f;
        }
      }
    }
  }

  /**
   * Packs rows {@code p0..p0+kc} and columns {@code j0..j0+nc} of op(B) into panels of NR
   * columns: panel q holds, for each p, the NR values of row p in columns q·NR...
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
      float[] dst) {
    int panels = (nc + NR - 1) / NR;
    int full = nc / NR;
    if (!transB) {
      // Stored k×n: walk each stored row once, left to right, dealing 16 floats to each panel.
      // Walking panel by panel would read kc rows a page apart per panel, which no prefetcher
      // follows.
      for (int p = 0; p < kc; p++) {
        int src = bOff + (p0 + p) * ldb + j0;
        for (int q = 0; q < full; q++) {
          MicroKernel.copy16(b, src + q * NR, dst, q * NR * kc + p * NR);
        }
        if (full < panels) {
          int d = full * NR * kc + p * NR;
          int cols = nc - full * NR;
          for (int j = 0; j < NR; j++) {
            dst[d + j] = j < cols ? b[src + full * NR + j] : 0f;
          }
        }
      }
      return;
    }
    // Stored n×k: read each column of op(B) contiguously, write with stride NR.
    for (int q = 0; q < panels; q++) {
      int base = q * NR * kc;
      int cols = Math.min(NR, nc - q * NR);
      for (int j = 0; j < cols; j++) {
        int src = bOff + (j0 + q * NR + j) * ldb + p0;
        int d = base + j;
        for (int p = 0; p < kc; p++) {
          dst[d + p * NR] = b[src + p];
        }
      }
      for (int j = cols; j < NR; j++) {
        int d = base + j;
        for (int p = 0; p < kc; p++) {
          dst[d + p * NR] = 0f;
        }
      }
    }
  }
}
