package org.probity.tensor.kernel;

/**
 * The plain-loop GEMM: scalar Java with an i-k-j loop order so the inner loop streams rows of B
 * and C. It is the fallback where the Vector API is unavailable and the baseline the benchmark
 * compares the packed kernel against.
 */
public final class PlainGemm implements Gemm {
  public static final PlainGemm INSTANCE = new PlainGemm();

  private PlainGemm() {}

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * ldc;
      if (!accumulate) {
        for (int j = 0; j < n; j++) {
          c[cRow + j] = 0f;
        }
      }
      for (int p = 0; p < k; p++) {
        float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        if (transB) {
          for (int j = 0; j < n; j++) {
            c[cRow + j] += aip * b[bOff + j * ldb + p];
          }
        } else {
          int bRow = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            c[cRow + j] += aip * b[bRow + j];
          }
        }
      }
    }
  }

  @Override
  public String name() {
    return "plain";
  }
}
