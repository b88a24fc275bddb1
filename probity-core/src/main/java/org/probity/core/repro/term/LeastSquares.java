package org.probity.core.repro.term;

import org.probity.core.data.Dataset;

/**
 * Ordinary least squares in closed form, the "l2" and "genie ERM" baselines of TERM's robust
 * regression experiment (litian96/TERM {@code robust_regression/regression.py} solves
 * {@code (XᵀX + γI)⁻¹ Xᵀy}). Solved in double through the normal equations and a Cholesky
 * factorisation: the problems here have a few dozen well-conditioned columns (Gaussian features),
 * where that is exact to far below the RMSE differences the claims are about, and it keeps the
 * baseline independent of the gradient-descent code it is compared against.
 */
final class LeastSquares {
  private LeastSquares() {}

  /** argmin_θ ‖Xθ − y‖² for the features and targets of a regression dataset of shape [n, d]. */
  static double[] fit(Dataset data) {
    return fit(data.features().data(), data.targets().data(), data.size(), columns(data), 0.0);
  }

  /**
   * argmin_θ ‖Xθ − y‖² + ridge·‖θ‖² for row-major X [n, d]; ridge 0 is plain least squares and
   * needs X of full column rank.
   */
  static double[] fit(float[] x, float[] y, int n, int d, double ridge) {
    if (x.length != n * d || y.length != n) {
      throw new IllegalArgumentException("least squares: X has " + x.length + " values and y " + y.length
          + " for n=" + n + ", d=" + d);
    }
    double[] a = new double[d * d];
    double[] b = new double[d];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      for (int j = 0; j < d; j++) {
        double xj = x[off + j];
        b[j] += xj * y[i];
        for (int k = 0; k <= j; k++) {
          a[j * d + k] += xj * x[off + k];
        }
      }
    }
    for (int j = 0; j < d; j++) {
      a[j * d + j] += ridge;
    }
    // Cholesky A = L·Lᵀ in the lower triangle, then forward and back substitution.
    for (int j = 0; j < d; j++) {
      double s = a[j * d + j];
      for (int k = 0; k < j; k++) {
        s -= a[j * d + k] * a[j * d + k];
      }
      if (!(s > 0)) {
        throw new IllegalArgumentException("least squares: XᵀX is not positive definite at column " + j
            + " (collinear or too few rows: n=" + n + ", d=" + d + ")");
      }
      double l = Math.sqrt(s);
      a[j * d + j] = l;
      for (int i = j + 1; i < d; i++) {
        double v = a[i * d + j];
        for (int k = 0; k < j; k++) {
          v -= a[i * d + k] * a[j * d + k];
        }
        a[i * d + j] = v / l;
      }
    }
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      double v = b[i];
      for (int k = 0; k < i; k++) {
        v -= a[i * d + k] * z[k];
      }
      z[i] = v / a[i * d + i];
    }
    double[] theta = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double v = z[i];
      for (int k = i + 1; k < d; k++) {
        v -= a[k * d + i] * theta[k];
      }
      theta[i] = v / a[i * d + i];
    }
    return theta;
  }

  /** Root mean squared error of the linear predictor θ on a regression dataset. */
  static double rmse(Dataset data, double[] theta) {
    float[] x = data.features().data();
    float[] y = data.targets().data();
    int n = data.size();
    int d = columns(data);
    if (theta.length != d) {
      throw new IllegalArgumentException("rmse: θ has " + theta.length + " entries for " + d + " feature columns");
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      double p = 0;
      for (int j = 0; j < d; j++) {
        p += x[i * d + j] * theta[j];
      }
      double r = p - y[i];
      s += r * r;
    }
    return Math.sqrt(s / n);
  }

  private static int columns(Dataset data) {
    if (data.features().rank() != 2 || data.targets() == null) {
      throw new IllegalArgumentException("least squares: need features [n, d] and one target per row, got "
          + data.features().shape() + " and " + (data.targets() == null ? "no targets" : data.targets().shape()));
    }
    return data.features().dim(1);
  }
}
