package org.probity.privacy.repro;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, for the
 * public-representations reproduction (Thaker, Setlur, Wu, Smith, NeurIPS 2024): its subspace
 * estimate is the top eigenvectors of a 50×50 moment matrix, and its principal angles are the
 * singular values of a k×k product. Jacobi is chosen over a QR iteration because it is short,
 * needs no tridiagonal reduction, and is accurate to rounding on symmetric input of this size
 * (d ≤ a few hundred); the library has no dense eigensolver and the repro needs nothing larger.
 */
final class PublicRepSymmetricEigen {
  /** Sweeps after which a matrix that is still not diagonal is reported as a failure. */
  private static final int MAX_SWEEPS = 100;

  private PublicRepSymmetricEigen() {}

  /**
   * Eigenvalues in descending order and the matching unit eigenvectors as the columns of a
   * row-major n×n matrix.
   */
  record Result(double[] values, double[] vectors, int n) {
    /** The first {@code k} eigenvectors (largest eigenvalues) as the columns of a row-major n×k matrix. */
    double[] top(int k) {
      if (k < 1 || k > n) {
        throw new IllegalArgumentException("eigen: asked for the top " + k + " eigenvectors of a " + n + "x" + n
            + " matrix");
      }
      double[] out = new double[n * k];
      for (int i = 0; i < n; i++) {
        System.arraycopy(vectors, i * n, out, i * k, k);
      }
      return out;
    }
  }

  /** Decomposes the symmetric row-major n×n matrix {@code a} (not modified). */
  static Result of(double[] a, int n) {
    if (a.length != n * n) {
      throw new IllegalArgumentException("eigen: a " + n + "x" + n + " matrix needs " + n * n + " entries, got "
          + a.length);
    }
    double[] m = a.clone();
    double scale = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (Math.abs(m[i * n + j] - m[j * n + i]) > 1e-9 * (Math.abs(m[i * n + j]) + Math.abs(m[j * n + i]) + 1e-300)) {
          throw new IllegalArgumentException("eigen: the matrix is not symmetric at (" + i + ", " + j + "): "
              + m[i * n + j] + " vs " + m[j * n + i]);
        }
        scale = Math.max(scale, Math.abs(m[i * n + j]));
      }
    }
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1;
    }
    // Stop once every off-diagonal entry is below rounding of the largest entry: further rotations
    // cannot change the eigenvectors at double precision.
    double tol = 1e-15 * Math.max(scale, Double.MIN_NORMAL);
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off = Math.max(off, Math.abs(m[p * n + q]));
        }
      }
      if (off <= tol) {
        return sorted(m, v, n);
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          rotate(m, v, n, p, q, tol);
        }
      }
    }
    throw new IllegalStateException("eigen: Jacobi did not converge in " + MAX_SWEEPS + " sweeps on a " + n + "x" + n
        + " matrix");
  }

  /** One rotation that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.5.2), applied to m and to v's columns. */
  private static void rotate(double[] m, double[] v, int n, int p, int q, double tol) {
    double apq = m[p * n + q];
    if (Math.abs(apq) <= tol) {
      return;
    }
    double app = m[p * n + p];
    double aqq = m[q * n + q];
    double theta = (aqq - app) / (2 * apq);
    // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle below π/4, which is what makes
    // the cyclic method converge.
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    for (int k = 0; k < n; k++) {
      double mkp = m[k * n + p];
      double mkq = m[k * n + q];
      m[k * n + p] = c * mkp - s * mkq;
      m[k * n + q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p * n + k];
      double mqk = m[q * n + k];
      m[p * n + k] = c * mpk - s * mqk;
      m[q * n + k] = s * mpk + c * mqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k * n + p];
      double vkq = v[k * n + q];
      v[k * n + p] = c * vkp - s * vkq;
      v[k * n + q] = s * vkp + c * vkq;
    }
  }

  private static Result sorted(double[] m, double[] v, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y * n + y], m[x * n + x]));
    double[] values = new double[n];
    double[] vectors = new double[n * n];
    for (int c = 0; c < n; c++) {
      int from = order[c];
      values[c] = m[from * n + from];
      for (int r = 0; r < n; r++) {
        vectors[r * n + c] = v[r * n + from];
      }
    }
    return new Result(values, vectors, n);
  }
}
