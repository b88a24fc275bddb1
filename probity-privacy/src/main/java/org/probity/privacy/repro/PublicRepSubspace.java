package org.probity.privacy.repro;

/**
 * The public stage of the two-stage algorithm in Thaker, Setlur, Wu, Smith ("On the Benefits of
 * Public Representations for Private Transfer Learning under Distribution Shift", NeurIPS 2024):
 * estimate the shared k-dimensional subspace of the tasks' regression vectors from public data by
 * the method of moments of Tripuraneni, Jin, Jordan ("Provable Meta-Learning of Linear
 * Representations", ICML 2021) — the top-k eigenvectors of M = (1/n₁) Σᵢ yᵢ² xᵢxᵢᵀ. Why this works:
 * for x ~ N(0, I) and y = xᵀθ_t + noise, E[y² xxᵀ] = (‖θ_t‖² + σ²)·I + 2·θ_tθ_tᵀ, so averaged over
 * tasks whose θ_t span the subspace, the isotropic part shifts every eigenvalue equally and only the
 * span of the θ_t stands out. The estimator needs no labels of the private task and no
 * optimisation, which is why the paper's theory uses it. Also here: principal angles between two
 * subspaces, the measure of how well the estimate recovers the truth.
 */
final class PublicRepSubspace {
  private PublicRepSubspace() {}

  /**
   * M = (1/n) Σᵢ yᵢ² xᵢxᵢᵀ, row-major d×d, from rows {@code x} (row-major n×d) and targets {@code y}.
   */
  static double[] momentMatrix(float[] x, float[] y, int n, int d) {
    if (n < 1 || x.length != n * d || y.length != n) {
      throw new IllegalArgumentException("moment matrix: expected x of " + n + "x" + d + " (" + (long) n * d
          + " values) and " + n + " targets, got " + x.length + " and " + y.length);
    }
    double[] m = new double[d * d];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      double w = (double) y[i] * y[i];
      int off = i * d;
      for (int a = 0; a < d; a++) {
        row[a] = x[off + a];
      }
      // Upper triangle only; mirrored below so the result is exactly symmetric.
      for (int a = 0; a < d; a++) {
        double wa = w * row[a];
        int base = a * d;
        for (int b = a; b < d; b++) {
          m[base + b] += wa * row[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        double v = m[a * d + b] / n;
        m[a * d + b] = v;
        m[b * d + a] = v;
      }
    }
    return m;
  }

  /** B̂: the top-k eigenvectors of the moment matrix, as the orthonormal columns of a row-major d×k matrix. */
  static double[] estimate(float[] x, float[] y, int n, int d, int k) {
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("moment subspace: k must be in 1.." + d + ", got " + k);
    }
    return PublicRepSymmetricEigen.of(momentMatrix(x, y, n, d), d).top(k);
  }

  /**
   * Cosines of the principal angles between the column spans of the orthonormal d×k matrices
   * {@code a} and {@code b} (the singular values of aᵀb), largest first: all 1 when the subspaces
   * coincide, and the smallest is cos of the largest angle.
   */
  static double[] principalCosines(double[] a, double[] b, int d, int k) {
    if (a.length != d * k || b.length != d * k) {
      throw new IllegalArgumentException("principal angles: expected two " + d + "x" + k + " matrices, got "
          + a.length + " and " + b.length + " values");
    }
    double[] c = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int r = 0; r < d; r++) {
          s += a[r * k + i] * b[r * k + j];
        }
        c[i * k + j] = s;
      }
    }
    // Singular values of c are the square roots of the eigenvalues of cᵀc.
    double[] ctc = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        double s = 0;
        for (int r = 0; r < k; r++) {
          s += c[r * k + i] * c[r * k + j];
        }
        ctc[i * k + j] = s;
        ctc[j * k + i] = s;
      }
    }
    double[] ev = PublicRepSymmetricEigen.of(ctc, k).values();
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      out[i] = Math.min(1, Math.sqrt(Math.max(0, ev[i])));
    }
    return out;
  }

  /**
   * sin of the largest principal angle, ‖(I − aaᵀ)b‖₂: 0 for the same subspace, 1 when some
   * direction is missed entirely.
   */
  static double largestAngleSine(double[] a, double[] b, int d, int k) {
    double[] cos = principalCosines(a, b, d, k);
    double c = cos[k - 1];
    return Math.sqrt(Math.max(0, 1 - c * c));
  }

  /** ‖v − PPᵀv‖: how much of {@code v} lies outside the span of the orthonormal d×k columns of {@code p}. */
  static double residualNorm(double[] p, double[] v, int d, int k) {
    double[] coef = new double[k];
    for (int r = 0; r < d; r++) {
      for (int j = 0; j < k; j++) {
        coef[j] += p[r * k + j] * v[r];
      }
    }
    double s = 0;
    for (int r = 0; r < d; r++) {
      double proj = 0;
      for (int j = 0; j < k; j++) {
        proj += p[r * k + j] * coef[j];
      }
      double e = v[r] - proj;
      s += e * e;
    }
    return Math.sqrt(s);
  }
}
