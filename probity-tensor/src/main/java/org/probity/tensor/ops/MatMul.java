package org.probity.tensor.ops;

import java.util.Arrays;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Gemm;
import org.probity.tensor.kernel.Kernels;

/**
 * Matrix product with NumPy's matmul semantics: the last two axes are matrices, the leading axes
 * are batch axes that broadcast; a rank-1 operand is a row (left) or column (right) vector whose
 * axis is dropped from the result. {@code transA}/{@code transB} transpose the last two axes of an
 * operand without copying it, because the GEMM absorbs transposes when it packs.
 *
 * <p>An N-D operand times a matrix is one GEMM over all its rows (m = batch·rows), the shape of a
 * dense layer on a [B, T, K] activation. Gradients are again GEMMs with transpose flags
 * (dA = g·op(B)ᵀ, dB = op(A)ᵀ·g, rearranged for transposed operands), and the gradient of a
 * broadcast operand accumulates over the batches it was reused in.
 */
public final class MatMul {
  private MatMul() {}

  public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("matmul: operands must not be null");
    }
    Plan p = new Plan(a, b, transA, transB);
    float[] out = new float[p.outShape.size()];
    p.forward(Kernels.gemm(), a.data(), b.data(), out);
    Tensor result = Tensor.wrap(out, p.outShape);
    if (!Tape.recording(a, b)) {
      return result;
    }
    boolean needA = Tape.recording(a);
    boolean needB = Tape.recording(b);
    return Tape.record("matmul", result, g -> {
      Gemm gemm = Kernels.gemm();
      Tensor da = null;
      Tensor db = null;
      if (needA) {
        float[] d = new float[a.size()];
        p.gradA(gemm, g.data(), b.data(), d);
        da = Tensor.wrap(d, a.shape());
      }
      if (needB) {
        float[] d = new float[b.size()];
        p.gradB(gemm, g.data(), a.data(), d);
        db = Tensor.wrap(d, b.shape());
      }
      return new Tensor[] {da, db};
    }, a, b);
  }

  /** Shapes, strides and batch pairing of one product, shared by the forward and backward passes. */
  private static final class Plan {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final int lda;
    final int ldb;
    final int aMat;
    final int bMat;
    final int cMat;
    final int batches;
    /** Per output batch, the batch index of a and of b (broadcast axes repeat an index). */
    final int[] aBatch;
    final int[] bBatch;
    /** All batches of a against one matrix b: a single GEMM with m = batches·rows. */
    final boolean fused;
    final Shape outShape;

    Plan(Tensor a, Tensor b, boolean transA, boolean transB) {
      Shape sa = a.shape();
      Shape sb = b.shape();
      if (sa.rank() == 0 || sb.rank() == 0) {
        throw new IllegalArgumentException("matmul: operands need rank >= 1, got shapes " + sa + " and " + sb);
      }
      // A vector is a 1×K row on the left and a K×1 column on the right; its transpose is itself.
      int[] da = sa.rank() == 1 ? new int[] {1, sa.dim(0)} : sa.dims();
      int[] db = sb.rank() == 1 ? new int[] {sb.dim(0), 1} : sb.dims();
      this.transA = transA && sa.rank() > 1;
      this.transB = transB && sb.rank() > 1;
      int ra = da.length;
      int rb = db.length;
      m = this.transA ? da[ra - 1] : da[ra - 2];
      int ka = this.transA ? da[ra - 2] : da[ra - 1];
      int kb = this.transB ? db[rb - 1] : db[rb - 2];
      n = this.transB ? db[rb - 2] : db[rb - 1];
      if (ka != kb) {
        String flags = transA || transB ? " with transA=" + transA + ", transB=" + transB : "";
        throw new IllegalArgumentException("matmul: shapes " + sa + " and " + sb
            + " do not match on the inner dimension (" + ka + " vs " + kb + ")" + flags);
      }
      k = ka;
      lda = da[ra - 1];
      ldb = db[rb - 1];
      aMat = da[ra - 2] * da[ra - 1];
      bMat = db[rb - 2] * db[rb - 1];
      cMat = m * n;

      int[] batchA = Arrays.copyOf(da, ra - 2);
      int[] batchB = Arrays.copyOf(db, rb - 2);
      int rank = Math.max(batchA.length, batchB.length);
      int[] batch = new int[rank];
      for (int i = 0; i < rank; i++) {
        int x = i < rank - batchA.length ? 1 : batchA[i - (rank - batchA.length)];
        int y = i < rank - batchB.length ? 1 : batchB[i - (rank - batchB.length)];
        if (x != y && x != 1 && y != 1) {
          throw new IllegalArgumentException("matmul: shapes " + sa + " and " + sb
              + " do not broadcast on the batch dimensions (" + x + " vs " + y + ")");
        }
        batch[i] = x == 1 ? y : x;
      }
      int count = 1;
      for (int d : batch) {
        count *= d;
      }
      batches = count;
      aBatch = batchIndex(batch, batchA);
      bBatch = batchIndex(batch, batchB);
      fused = !this.transA && product(batchB) == 1 && product(batchA) == batches;

      // Batch dims, then m unless a is a vector, then n unless b is a vector.
      int[] out = Arrays.copyOf(batch, rank + 2);
      int len = rank;
      if (sa.rank() > 1) {
        out[len++] = m;
      }
      if (sb.rank() > 1) {
        out[len++] = n;
      }
      outShape = Shape.of(Arrays.copyOf(out, len));
    }

    /** For each output batch (row-major), the flat batch index of an operand with these batch dims. */
    private static int[] batchIndex(int[] outBatch, int[] own) {
      int count = product(outBatch);
      int[] index = new int[count];
      int shift = outBatch.length - own.length;
      int[] pos = new int[outBatch.length];
      for (int o = 0; o < count; o++) {
        int flat = 0;
        for (int i = 0; i < own.length; i++) {
          flat = flat * own[i] + (own[i] == 1 ? 0 : pos[i + shift]);
        }
        index[o] = flat;
        for (int i = outBatch.length - 1; i >= 0; i--) {
          if (++pos[i] < outBatch[i]) {
            break;
          }
          pos[i] = 0;
        }
      }
      return index;
    }

    private static int product(int[] dims) {
      int p = 1;
      for (int d : dims) {
        p *= d;
      }
      return p;
    }

    void forward(Gemm g, float[] a, float[] b, float[] c) {
      if (fused) {
        g.multiply(false, transB, batches * m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        return;
      }
      for (int o = 0; o < batches; o++) {
        g.multiply(transA, transB, m, n, k, a, aBatch[o] * aMat, lda, b, bBatch[o] * bMat, ldb,
            c, o * cMat, n, false);
      }
    }

    /** dop(A) = g·op(B)ᵀ; stored transposed when transA. Adds over the batches a was broadcast to. */
    void gradA(Gemm g, float[] grad, float[] b, float[] da) {
      if (fused) {
        g.multiply(false, !transB, batches * m, k, n, grad, 0, n, b, 0, ldb, da, 0, lda, false);
        return;
      }
      for (int o = 0; o < batches; o++) {
        int aOff = aBatch[o] * aMat;
        int bOff = bBatch[o] * bMat;
        if (transA) {
          // A stored k×m: dA = op(B)·gᵀ.
          g.multiply(transB, true, k, m, n, b, bOff, ldb, grad, o * cMat, n, da, aOff, lda, true);
        } else {
          g.multiply(false, !transB, m, k, n, grad, o * cMat, n, b, bOff, ldb, da, aOff, lda, true);
        }
      }
    }

    /** dop(B) = op(A)ᵀ·g; stored transposed when transB. Adds over the batches b was broadcast to. */
    void gradB(Gemm g, float[] grad, float[] a, float[] db) {
      if (fused) {
        int rows = batches * m;
        if (transB) {
          g.multiply(true, false, n, k, rows, grad, 0, n, a, 0, lda, db, 0, ldb, false);
        } else {
          g.multiply(true, false, k, n, rows, a, 0, lda, grad, 0, n, db, 0, ldb, false);
        }
        return;
      }
      for (int o = 0; o < batches; o++) {
        int aOff = aBatch[o] * aMat;
        int bOff = bBatch[o] * bMat;
        if (transB) {
          // B stored n×k: dB = gᵀ·op(A).
          g.multiply(true, transA, n, k, m, grad, o * cMat, n, a, aOff, lda, db, bOff, ldb, true);
        } else {
          g.multiply(!transA, false, k, n, m, a, aOff, lda, grad, o * cMat, n, db, bOff, ldb, true);
        }
      }
    }
  }
}
