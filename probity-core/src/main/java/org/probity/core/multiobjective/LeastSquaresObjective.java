package org.probity.core.multiobjective;

/**
 * The mean squared error of a linear predictor on one dataset, {@code L(θ) = (1/N) Σ_r (x_r·θ − y_r)²},
 * with its closed-form gradient {@code (2/N) Xᵀ(Xθ − y)}. It is the objective of the synthetic
 * "federated regression" in which MosT (Li et al., ICLR 2025) is reproduced here: each client or
 * task owns one such problem, and a few solutions must serve many of them. Values and gradients
 * are exact in double, so the transport and MGDA code can be checked without autograd.
 */
public final class LeastSquaresObjective implements DifferentiableObjective {
  private final double[] x;
  private final double[] y;
  private final int rows;
  private final int dim;
  private final double[] residual;

  /**
   * @param x row-major features [rows, dim] (copied)
   * @param y targets, one per row (copied)
   */
  public LeastSquaresObjective(double[] x, double[] y, int rows, int dim) {
    if (rows < 1 || dim < 1) {
      throw new IllegalArgumentException("least squares objective: rows and dim must be positive, got rows=" + rows
          + ", dim=" + dim);
    }
    if (x.length != rows * dim || y.length != rows) {
      throw new IllegalArgumentException("least squares objective: x has " + x.length + " values and y "
          + y.length + ", expected " + rows * dim + " and " + rows + " for rows=" + rows + ", dim=" + dim);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("least squares objective: x[" + i + "] = " + x[i] + " is not finite");
      }
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("least squares objective: y[" + i + "] = " + y[i] + " is not finite");
      }
    }
    this.x = x.clone();
    this.y = y.clone();
    this.rows = rows;
    this.dim = dim;
    this.residual = new double[rows];
  }

  @Override
  public int dimension() {
    return dim;
  }

  public int rows() {
    return rows;
  }

  @Override
  public double value(double[] theta) {
    check(theta);
    double s = 0;
    for (int r = 0; r < rows; r++) {
      double p = -y[r];
      int off = r * dim;
      for (int k = 0; k < dim; k++) {
        p += x[off + k] * theta[k];
      }
      s += p * p;
    }
    return s / rows;
  }

  /** Not thread-safe: reuses one residual buffer (objectives are evaluated from one thread per run). */
  @Override
  public double valueAndGradient(double[] theta, double[] gradient) {
    check(theta);
    if (gradient.length != dim) {
      throw new IllegalArgumentException("least squares objective: gradient buffer has length " + gradient.length
          + ", expected " + dim);
    }
    double s = 0;
    for (int r = 0; r < rows; r++) {
      double p = -y[r];
      int off = r * dim;
      for (int k = 0; k < dim; k++) {
        p += x[off + k] * theta[k];
      }
      residual[r] = p;
      s += p * p;
    }
    java.util.Arrays.fill(gradient, 0.0);
    double scale = 2.0 / rows;
    for (int r = 0; r < rows; r++) {
      double c = scale * residual[r];
      int off = r * dim;
      for (int k = 0; k < dim; k++) {
        gradient[k] += c * x[off + k];
      }
    }
    return s / rows;
  }

  private void check(double[] theta) {
    if (theta.length != dim) {
      throw new IllegalArgumentException("least squares objective: theta has length " + theta.length + ", expected "
          + dim);
    }
  }
}
