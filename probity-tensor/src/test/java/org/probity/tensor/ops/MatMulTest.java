package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Kernels;

/**
 * matmul against an independent broadcasting loop in double, its gradients against finite
 * differences, its error messages, and its results under concurrent callers.
 */
class MatMulTest {

  /** The naive product: out[batch, i, j] = Σ_p op(a)[batch', i, p]·op(b)[batch'', p, j]. */
  static float[] reference(Tensor a, Tensor b, boolean ta, boolean tb, int[] outBatch) {
    int[] da = a.shape().dims();
    int[] db = b.shape().dims();
    int ra = da.length;
    int rb = db.length;
    int m = ta ? da[ra - 1] : da[ra - 2];
    int k = ta ? da[ra - 2] : da[ra - 1];
    int n = tb ? db[rb - 2] : db[rb - 1];
    int batches = 1;
    for (int d : outBatch) {
      batches *= d;
    }
    float[] out = new float[batches * m * n];
    int[] idx = new int[outBatch.length];
    for (int o = 0; o < batches; o++) {
      int aBase = base(idx, da, ra - 2);
      int bBase = base(idx, db, rb - 2);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            float x = ta ? a.data()[aBase + p * da[ra - 1] + i] : a.data()[aBase + i * da[ra - 1] + p];
            float y = tb ? b.data()[bBase + j * db[rb - 1] + p] : b.data()[bBase + p * db[rb - 1] + j];
            s += (double) x * y;
          }
          out[(o * m + i) * n + j] = (float) s;
        }
      }
      for (int i = idx.length - 1; i >= 0; i--) {
        if (++idx[i] < outBatch[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return out;
  }

  /** Flat offset of the matrix an output batch index selects in an operand with broadcasting. */
  private static int base(int[] outIdx, int[] dims, int batchRank) {
    int flat = 0;
    int shift = outIdx.length - batchRank;
    for (int i = 0; i < batchRank; i++) {
      flat = flat * dims[i] + (dims[i] == 1 ? 0 : outIdx[i + shift]);
    }
    return flat * dims[batchRank] * dims[batchRank + 1];
  }

  private static void assertClose(float[] want, float[] got) {
    assertEquals(want.length, got.length, "length");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-4 * (1 + Math.abs(want[i])), "element " + i);
    }
  }

  private static Tensor randn(long seed, int... shape) {
    return Tensor.randn(new Rng(seed), shape);
  }

  @Test
  void forwardMatchesNaiveLoops() {
    Object[][] cases = {
        // a shape, b shape, transA, transB, expected shape, output batch dims
        {new int[] {3, 4}, new int[] {4, 5}, false, false, new int[] {3, 5}, new int[0]},
        {new int[] {4, 3}, new int[] {5, 4}, true, true, new int[] {3, 5}, new int[0]},
        {new int[] {2, 7, 4}, new int[] {4, 5}, false, false, new int[] {2, 7, 5}, new int[] {2}},
        {new int[] {2, 7, 4}, new int[] {5, 4}, false, true, new int[] {2, 7, 5}, new int[] {2}},
        {new int[] {2, 4, 7}, new int[] {4, 5}, true, false, new int[] {2, 7, 5}, new int[] {2}},
        {new int[] {3, 4}, new int[] {2, 4, 5}, false, false, new int[] {2, 3, 5}, new int[] {2}},
        {new int[] {2, 1, 3, 4}, new int[] {5, 4, 2}, false, false, new int[] {2, 5, 3, 2}, new int[] {2, 5}},
        {new int[] {2, 1, 4, 3}, new int[] {5, 2, 4}, true, true, new int[] {2, 5, 3, 2}, new int[] {2, 5}},
        {new int[] {1, 3, 4}, new int[] {1, 4, 2}, false, false, new int[] {1, 3, 2}, new int[] {1}},
        {new int[] {20, 33, 40}, new int[] {40, 19}, false, false, new int[] {20, 33, 19}, new int[] {20}},
    };
    long seed = 10;
    for (Object[] c : cases) {
      Tensor a = randn(seed++, (int[]) c[0]);
      Tensor b = randn(seed++, (int[]) c[1]);
      boolean ta = (Boolean) c[2];
      boolean tb = (Boolean) c[3];
      Tensor out = MatMul.matmul(a, b, ta, tb);
      assertEquals(Shape.of((int[]) c[4]), out.shape(), a.shape() + " x " + b.shape());
      assertClose(reference(a, b, ta, tb, (int[]) c[5]), out.data());
    }
  }

  @Test
  void vectorsFollowNumpy() {
    Tensor v = Tensor.vector(1, 2, 3);
    Tensor w = Tensor.vector(4, 5, 6);
    Tensor m = Tensor.of(new float[] {1, 0, 2, 0, 1, 0, 3, 1, 1}, 3, 3);
    Tensor dot = MatMul.matmul(v, w, false, false);
    assertEquals(Shape.scalar(), dot.shape());
    assertEquals(32f, dot.item());
    Tensor vm = MatMul.matmul(v, m, false, false);
    assertEquals(Shape.of(3), vm.shape());
    assertArrayEquals(new float[] {10, 5, 5}, vm.data());
    Tensor mv = MatMul.matmul(m, v, false, false);
    assertEquals(Shape.of(3), mv.shape());
    assertArrayEquals(new float[] {7, 2, 8}, mv.data());
    Tensor mtv = MatMul.matmul(m, v, true, false);
    assertArrayEquals(new float[] {10, 5, 5}, mtv.data());
    Tensor batched = MatMul.matmul(randn(1, 2, 3, 4), Tensor.vector(1, 1, 1, 1), false, false);
    assertEquals(Shape.of(2, 3), batched.shape());
  }

  @Test
  void tensorMethodsDelegate() {
    Tensor a = randn(3, 3, 4);
    Tensor b = randn(4, 5, 4);
    assertArrayEquals(MatMul.matmul(a, b, false, true).data(), a.matmul(b, false, true).data());
    Tensor c = randn(5, 4, 2);
    assertArrayEquals(MatMul.matmul(a, c, false, false).data(), a.matmul(c).data());
  }

  @Test
  void gradients2d() {
    GradCheck.verify("matmul 2-D", in -> MatMul.matmul(in[0], in[1], false, false), randn(1, 3, 4), randn(2, 4, 2));
    GradCheck.verify("matmul 2-D transA", in -> MatMul.matmul(in[0], in[1], true, false), randn(3, 4, 3), randn(4, 4, 2));
    GradCheck.verify("matmul 2-D transB", in -> MatMul.matmul(in[0], in[1], false, true), randn(5, 3, 4), randn(6, 2, 4));
    GradCheck.verify("matmul 2-D both", in -> MatMul.matmul(in[0], in[1], true, true), randn(7, 4, 3), randn(8, 2, 4));
  }

  @Test
  void gradientsBatched() {
    GradCheck.verify("matmul 3-D", in -> MatMul.matmul(in[0], in[1], false, false), randn(1, 2, 3, 4), randn(2, 2, 4, 5));
    GradCheck.verify("matmul 3-D x 2-D (one GEMM)", in -> MatMul.matmul(in[0], in[1], false, false),
        randn(3, 2, 3, 4), randn(4, 4, 5));
    GradCheck.verify("matmul 3-D x 2-D transB (one GEMM)", in -> MatMul.matmul(in[0], in[1], false, true),
        randn(5, 2, 3, 4), randn(6, 5, 4));
    GradCheck.verify("matmul 3-D transA x 2-D", in -> MatMul.matmul(in[0], in[1], true, false),
        randn(7, 2, 4, 3), randn(8, 4, 2));
    GradCheck.verify("matmul 2-D x 3-D", in -> MatMul.matmul(in[0], in[1], false, false), randn(9, 3, 4), randn(10, 2, 4, 2));
  }

  @Test
  void gradientsBroadcastBatch() {
    GradCheck.verify("matmul broadcast", in -> MatMul.matmul(in[0], in[1], false, false),
        randn(1, 2, 1, 3, 4), randn(2, 5, 4, 2));
    GradCheck.verify("matmul broadcast transposed", in -> MatMul.matmul(in[0], in[1], true, true),
        randn(3, 2, 1, 4, 3), randn(4, 5, 2, 4));
    GradCheck.verify("matmul broadcast transA", in -> MatMul.matmul(in[0], in[1], true, false),
        randn(5, 1, 4, 3), randn(6, 3, 4, 2));
  }

  @Test
  void gradientsSizeOneDimsAndVectors() {
    GradCheck.verify("matmul outer", in -> MatMul.matmul(in[0], in[1], false, false), randn(1, 3, 1), randn(2, 1, 4));
    GradCheck.verify("matmul inner", in -> MatMul.matmul(in[0], in[1], false, false), randn(3, 1, 4), randn(4, 4, 1));
    GradCheck.verify("matmul unit batch", in -> MatMul.matmul(in[0], in[1], false, true), randn(5, 1, 1, 3), randn(6, 1, 2, 3));
    GradCheck.verify("matmul vector-matrix", in -> MatMul.matmul(in[0], in[1], false, false), randn(7, 3), randn(8, 3, 2));
    GradCheck.verify("matmul matrix-vector", in -> MatMul.matmul(in[0], in[1], true, false), randn(9, 3, 2), randn(10, 3));
    GradCheck.verify("matmul dot", in -> MatMul.matmul(in[0], in[1], false, false), randn(11, 4), randn(12, 4));
  }

  @Test
  void shapeErrorsNameBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5), false, false));
    assertEquals("matmul: shapes [2, 3] and [4, 5] do not match on the inner dimension (3 vs 4)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.matmul(Tensor.zeros(2, 3), Tensor.zeros(2, 5), false, true));
    assertTrue(e.getMessage().startsWith("matmul: shapes [2, 3] and [2, 5] do not match on the inner dimension (3 vs 5)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("transB=true"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.matmul(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5), false, false));
    assertEquals("matmul: shapes [2, 3, 4] and [3, 4, 5] do not broadcast on the batch dimensions (2 vs 3)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.matmul(Tensor.scalar(1f), Tensor.zeros(1, 5), false, false));
    assertTrue(e.getMessage().contains("[]") && e.getMessage().contains("[1, 5]"), e.getMessage());
  }

  @Test
  void emptyDimensions() {
    Tensor out = MatMul.matmul(Tensor.zeros(3, 0), Tensor.zeros(0, 2), false, false);
    assertEquals(Shape.of(3, 2), out.shape());
    assertArrayEquals(new float[6], out.data());
    assertEquals(Shape.of(0, 3, 2), MatMul.matmul(Tensor.zeros(0, 3, 4), Tensor.zeros(4, 2), false, false).shape());
  }

  @Test
  void concurrentCallersMatchSequential() throws Exception {
    int saved = Kernels.threads();
    Kernels.setThreads(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      // Each worker mixes small products with one large enough to be split over the GEMM pool.
      int[][][] shapes = {
          {{8, 16, 32}, {32, 24}}, {{300, 200}, {200, 180}}, {{3, 5, 7}, {3, 7, 2}}, {{64, 64}, {64, 64}},
      };
      List<Tensor[]> inputs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        for (int s = 0; s < shapes.length; s++) {
          inputs.add(new Tensor[] {randn(100 + 10L * w + s, shapes[s][0]), randn(200 + 10L * w + s, shapes[s][1])});
        }
      }
      List<float[]> sequential = new ArrayList<>();
      for (Tensor[] in : inputs) {
        sequential.add(MatMul.matmul(in[0], in[1], false, false).data());
      }
      List<Future<List<float[]>>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int first = w * shapes.length;
        futures.add(pool.submit(() -> {
          List<float[]> outs = new ArrayList<>();
          for (int rep = 0; rep < 3; rep++) {
            outs.clear();
            for (int s = 0; s < shapes.length; s++) {
              Tensor[] in = inputs.get(first + s);
              outs.add(MatMul.matmul(in[0], in[1], false, false).data());
            }
          }
          return outs;
        }));
      }
      for (int w = 0; w < 4; w++) {
        List<float[]> outs = futures.get(w).get(120, TimeUnit.SECONDS);
        for (int s = 0; s < shapes.length; s++) {
          assertArrayEquals(sequential.get(w * shapes.length + s), outs.get(s), "worker " + w + " product " + s);
        }
      }
    } finally {
      pool.shutdownNow();
      Kernels.setThreads(saved);
    }
  }
}
