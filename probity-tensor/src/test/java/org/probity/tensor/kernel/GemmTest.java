package org.probity.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/**
 * Both GEMM backends against a triple loop in double precision, on shapes that hit every edge of
 * the 6×16 tiles and the k, m and n blocks, with all transposes, accumulation, offsets and padded
 * leading dimensions; and the threaded path against one thread, bit for bit.
 */
class GemmTest {
  private static final int[] DIMS = {1, 3, 17, 129};

  /** One product laid out in padded arrays, with garbage wherever the kernel must not look. */
  static final class Case {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c;
    final int cOff;
    final int ldc;

    Case(Rng rng, boolean transA, boolean transB, int m, int n, int k, int pad, boolean nanC) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      int rowsA = transA ? k : m;
      int colsA = transA ? m : k;
      int rowsB = transB ? n : k;
      int colsB = transB ? k : n;
      aOff = pad * 3;
      lda = colsA + pad;
      a = filled(rng, aOff + rowsA * lda + pad, Float.NaN, aOff, rowsA, colsA, lda);
      bOff = pad * 5;
      ldb = colsB + 2 * pad;
      b = filled(rng, bOff + rowsB * ldb + pad, Float.NaN, bOff, rowsB, colsB, ldb);
      cOff = pad * 7;
      ldc = n + pad;
      // Outside the m×n window C holds a sentinel that must survive; inside, NaN when the call
      // must overwrite (so an add instead of a store shows), random values when it accumulates.
      c = filled(rng, cOff + m * ldc + pad, 12345f, cOff, m, n, ldc);
      if (nanC) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            c[cOff + i * ldc + j] = Float.NaN;
          }
        }
      }
    }

    private static float[] filled(Rng rng, int len, float outside, int off, int rows, int cols, int ld) {
      float[] x = new float[len];
      java.util.Arrays.fill(x, outside);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          x[off + i * ld + j] = (float) rng.nextGaussian();
        }
      }
      return x;
    }

    float opA(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    void run(Gemm g, boolean accumulate) {
      g.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** Runs {@code g} on the case and checks every element of C, inside and outside the window. */
  static void check(Gemm g, Case cs, boolean accumulate) {
    float[] before = cs.c.clone();
    cs.run(g, accumulate);
    for (int x = 0; x < before.length; x++) {
      int rel = x - cs.cOff;
      int i = rel >= 0 ? rel / cs.ldc : -1;
      int j = rel >= 0 ? rel % cs.ldc : -1;
      boolean inside = i >= 0 && i < cs.m && j < cs.n;
      if (!inside) {
        if (Float.floatToRawIntBits(before[x]) != Float.floatToRawIntBits(cs.c[x])) {
          fail(g.name() + " " + describe(cs, accumulate) + ": wrote outside C at flat index " + x);
        }
        continue;
      }
      double want = accumulate ? before[x] : 0.0;
      double scale = accumulate ? Math.abs(before[x]) : 0.0;
      for (int p = 0; p < cs.k; p++) {
        double t = (double) cs.opA(i, p) * cs.opB(p, j);
        want += t;
        scale += Math.abs(t);
      }
      double tol = 1e-6 * (cs.k + 2) * scale + 1e-6;
      if (!(Math.abs(cs.c[x] - want) <= tol)) {
        fail(g.name() + " " + describe(cs, accumulate) + ": C[" + i + "][" + j + "] = " + cs.c[x]
            + ", expected " + want);
      }
    }
  }

  private static String describe(Case cs, boolean accumulate) {
    return "m=" + cs.m + " n=" + cs.n + " k=" + cs.k + " transA=" + cs.transA + " transB=" + cs.transB
        + " accumulate=" + accumulate;
  }

  private static List<Gemm> backends() {
    assertTrue(Kernels.vectorAvailable(), "the vector backend must load under surefire's --add-modules");
    return List.of(PlainGemm.INSTANCE, VectorGemm.INSTANCE, Kernels.plain(), Kernels.vector());
  }

  @Test
  void edgeDimensionsAllTransposesBothBackends() {
    Rng rng = new Rng(1);
    for (Gemm g : backends()) {
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        for (int m : DIMS) {
          for (int n : DIMS) {
            for (int k : DIMS) {
              boolean acc = ((m + n + k + t) & 1) == 0;
              check(g, new Case(rng, ta, tb, m, n, k, (m + k) % 5, !acc), acc);
            }
          }
        }
      }
    }
  }

  @Test
  void blockEdgesInEveryDimension() {
    Rng rng = new Rng(2);
    // 130×257×65: tiles cut in m and n; m > MC and k > KC below cross block boundaries;
    // n > NC crosses a column block.
    int[][] shapes = {{130, 257, 65}, {150, 40, 600}, {7, 2100, 5}, {289, 33, 257}};
    for (Gemm g : List.of(PlainGemm.INSTANCE, VectorGemm.INSTANCE)) {
      for (int[] s : shapes) {
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          check(g, new Case(rng, ta, tb, s[0], s[1], s[2], 3, true), false);
          check(g, new Case(rng, ta, tb, s[0], s[1], s[2], 1, false), true);
        }
      }
    }
  }

  @Test
  void emptyDimensions() {
    for (Gemm g : backends()) {
      float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
      g.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
      assertArrayEquals(new float[4], c, g.name() + ": k = 0 must zero C");
      float[] d = {1, 2, 3, 4};
      g.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, d, 0, 2, true);
      assertArrayEquals(new float[] {1, 2, 3, 4}, d, g.name() + ": k = 0 must leave C when accumulating");
      g.multiply(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, d, 0, 2, false);
      g.multiply(false, false, 2, 0, 3, new float[6], 0, 3, new float[0], 0, 0, d, 0, 2, false);
      assertArrayEquals(new float[] {1, 2, 3, 4}, d, g.name() + ": m or n = 0 must be a no-op");
    }
  }

  @Test
  void threadedIsBitIdenticalToOneThread() {
    Rng rng = new Rng(3);
    int saved = Kernels.threads();
    try {
      for (Gemm g : List.of(Kernels.vector(), Kernels.plain())) {
        ParallelGemm pg = (ParallelGemm) g;
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          int m = 203;
          int n = 150;
          int k = 300;
          assertTrue(pg.bands(m, n, k, 2) == 2, "this size must take the threaded path");
          for (boolean acc : new boolean[] {false, true}) {
            Case one = new Case(rng, ta, tb, m, n, k, 2, false);
            Case two = new Case(new Rng(0), ta, tb, m, n, k, 2, false);
            System.arraycopy(one.a, 0, two.a, 0, one.a.length);
            System.arraycopy(one.b, 0, two.b, 0, one.b.length);
            System.arraycopy(one.c, 0, two.c, 0, one.c.length);
            Kernels.setThreads(1);
            one.run(g, acc);
            Kernels.setThreads(2);
            two.run(g, acc);
            for (int x = 0; x < one.c.length; x++) {
              if (Float.floatToRawIntBits(one.c[x]) != Float.floatToRawIntBits(two.c[x])) {
                fail(g.name() + " transA=" + ta + " transB=" + tb + " accumulate=" + acc
                    + ": 1 and 2 threads differ at flat index " + x + ": " + one.c[x] + " vs " + two.c[x]);
              }
            }
          }
        }
      }
      // And the threaded result is right, not merely repeatable.
      check(Kernels.vector(), new Case(rng, true, false, 203, 150, 300, 2, true), false);
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void smallProductsStayOnTheCaller() {
    ParallelGemm pg = (ParallelGemm) Kernels.vector();
    assertEquals(1, pg.bands(64, 64, 64, 8));
    assertEquals(1, pg.bands(6, 4096, 4096, 8), "a single tile row cannot be split");
    assertEquals(1, pg.bands(1000, 1000, 1000, 1));
    assertEquals(8, pg.bands(1000, 1000, 1000, 8));
  }

  @Test
  void largeProductFromInsideThePoolRunsInline() throws Exception {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      Rng rng = new Rng(4);
      Case inside = new Case(rng, false, true, 240, 130, 200, 0, false);
      Case outside = new Case(new Rng(0), false, true, 240, 130, 200, 0, false);
      System.arraycopy(inside.a, 0, outside.a, 0, inside.a.length);
      System.arraycopy(inside.b, 0, outside.b, 0, inside.b.length);
      // Every worker of the pool busy with a GEMM large enough to split: inline execution is
      // what keeps this from waiting on itself.
      ForkJoinPool pool = Kernels.pool();
      List<java.util.concurrent.Future<float[]>> jobs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        jobs.add(pool.submit(() -> {
          float[] c = inside.c.clone();
          Kernels.vector().multiply(false, true, inside.m, inside.n, inside.k, inside.a, inside.aOff,
              inside.lda, inside.b, inside.bOff, inside.ldb, c, inside.cOff, inside.ldc, false);
          return c;
        }));
      }
      outside.run(Kernels.vector(), false);
      for (java.util.concurrent.Future<float[]> f : jobs) {
        assertArrayEquals(outside.c, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void backendSwitchAndValidation() {
    Kernels.Backend saved = Kernels.backend();
    try {
      Kernels.use(Kernels.Backend.PLAIN);
      assertEquals("plain", Kernels.gemm().name());
      Kernels.use(Kernels.Backend.VECTOR);
      assertEquals("vector", Kernels.gemm().name());
      assertEquals(Kernels.Backend.VECTOR, Kernels.backend());
    } finally {
      Kernels.use(saved);
    }
    assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertThrows(IllegalArgumentException.class, () -> Kernels.use(null));
  }
}
