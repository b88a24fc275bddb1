package org.probity.tensor.kernel;

/**
 * Single-precision general matrix multiply on row-major arrays, the one kernel every dense layer,
 * convolution (via im2col) and attention step reduces to:
 * {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate}, where op(X) is X or
 * its transpose. {@code A} is m×k (stored k×m when {@code transA}), {@code B} is k×n (stored n×k
 * when {@code transB}), {@code C} is m×n; {@code lda}, {@code ldb}, {@code ldc} are the row strides
 * of the arrays as stored. Implementations must compute each element of C with the same order of
 * additions whatever the thread count, so results are bit-identical across thread counts.
 */
public interface Gemm {
  void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc,
      boolean accumulate);

  /** A short name for benchmark tables ("vector", "plain"). */
  String name();
}
