package org.probity.tensor.kernel;

/**
 * The packed, cache-blocked GEMM on the Vector API (single thread; {@link ParallelGemm} splits
 * large calls). It follows the GotoBLAS/BLIS loop nest (Goto and van de Geijn, "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 2008): columns of C in blocks of NC, k in
 * blocks of KC with a KC×NC block of op(B) packed to stay in L2 (384 KiB of Zen 3's 512), rows in
 * blocks of MC with op(A) packed into 6-row micro-panels (6 KiB each, held in L1), then 6×16
 * {@link MicroKernel} tiles. Packing absorbs the transposes and zero-pads the edges. The block
 * sizes were chosen by measurement on the AVX2 EPYC this project runs on. The packing buffers are
 * per thread and reused, so a call allocates nothing once a thread has seen its largest shape.
 *
 * <p>The k-blocking depends on k alone, so each element of C is always summed in the same order:
 * bit-identical whatever the thread count or the row range a thread is given.
 */
public final class VectorGemm implements Gemm {
  public static final VectorGemm INSTANCE = new VectorGemm();

  static final int MR = MicroKernel.MR;
  static final int NR = MicroKernel.NR;
  static final int KC = 256;
  static final int MC = 144;
  static final int NC = 384;

  /** Per-thread packing buffers, grown on demand and kept. */
  private static final class Workspace {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[MR * NR];
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private VectorGemm() {}

  /**
   * Whether this CPU has 256-bit vectors. Narrower hardware would run the 256-bit species in
   * software, far slower than the plain loops.
   */
  public static boolean supported() {
    return MicroKernel.hardwareBits() >= 256;
  }

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      boolean accumulate) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    Workspace ws = WORKSPACE.get();
    int kcMax = Math.min(k, KC);
    int needA = roundUp(Math.min(m, MC), MR) * kcMax;
    int needB = roundUp(Math.min(n, NC), NR) * kcMax;
    if (ws.a.length < needA) {
      ws.a = new float[needA];
    }
    if (ws.b.length < needB) {
      ws.b = new float[needB];
    }
    float[] pa = ws.a;
    float[] pb = ws.b;
    float[] tile = ws.tile;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean overwrite = pc == 0 && !accumulate;
        Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
          // Along rows of C: one A micro-panel stays in L1 while the B panels stream from L2, and
          // C is visited left to right, which the hardware prefetcher follows (going down a
          // column of tiles instead stalled on C at power-of-two row strides).
          for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int aBase = (ir / MR) * MR * kc;
            int cRow = cOff + (ic + ir) * ldc + jc;
            for (int jr = 0; jr < nc; jr += NR) {
              int cols = Math.min(NR, nc - jr);
              int bBase = (jr / NR) * NR * kc;
              MicroKernel.run(kc, pa, aBase, pb, bBase, c, cRow + jr, ldc, rows, cols, overwrite, tile);
            }
          }
        }
      }
    }
  }

  private static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }

  @Override
  public String name() {
    return "vector";
  }
}
