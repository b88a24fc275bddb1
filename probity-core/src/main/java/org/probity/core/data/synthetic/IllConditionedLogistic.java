package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Binary logistic-regression data whose feature covariance has a chosen condition number κ — the
 * standard stress test for optimisers (plain gradient descent slows down by a factor of about κ;
 * momentum, Adam and preconditioning are meant to help). The covariance is Σ = Q diag(λ) Qᵀ with
 * eigenvalues λ_j = κ^(-j/(d-1)) spaced geometrically from 1 down to 1/κ and Q a random rotation
 * (or the identity, when {@code rotate} is false, which leaves the features axis-aligned and
 * independently scaled). The true weights w* are Gaussian, rescaled so the logit x·w* has
 * standard deviation {@code signal}; labels are Bernoulli(σ(x·w*)), or the sign of x·w* when
 * {@code noiseless}.
 */
public final class IllConditionedLogistic {
  private IllConditionedLogistic() {}

  public record Config(int n, int dim, double conditionNumber, boolean rotate, double signal, boolean noiseless) {
    public Config {
      if (n < 1 || dim < 2) {
        throw new IllegalArgumentException("ill-conditioned logistic: need n >= 1 and dim >= 2, got n=" + n
            + ", dim=" + dim);
      }
      if (!(conditionNumber >= 1) || Double.isInfinite(conditionNumber)) {
        throw new IllegalArgumentException("ill-conditioned logistic: condition number must be finite and >= 1, got "
            + conditionNumber);
      }
      if (!(signal > 0) || Double.isInfinite(signal)) {
        throw new IllegalArgumentException("ill-conditioned logistic: signal must be positive, got " + signal);
      }
    }

    /** 1,000 rows, 20 features, κ = 100, rotated, logit std 3, Bernoulli labels. */
    public static Config defaults() {
      return new Config(1000, 20, 100, true, 3.0, false);
    }

    public Config withConditionNumber(double kappa) {
      return new Config(n, dim, kappa, rotate, signal, noiseless);
    }

    public Config withSize(int rows, int features) {
      return new Config(rows, features, conditionNumber, rotate, signal, noiseless);
    }

    public Config withRotation(boolean r) {
      return new Config(n, dim, conditionNumber, r, signal, noiseless);
    }
  }

  /**
   * The dataset (classes 0 and 1), the true weights, the covariance eigenvalues (largest first) and
   * the rotation Q (row-major d×d; column j is the eigenvector of λ_j).
   */
  public record Data(Dataset dataset, float[] weights, double[] eigenvalues, double[] basis) {}

  public static Data generate(Config c, Rng rng) {
    int d = c.dim();
    int n = c.n();
    double[] lambda = new double[d];
    for (int j = 0; j < d; j++) {
      lambda[j] = Math.pow(c.conditionNumber(), -(double) j / (d - 1));
    }
    double[] q = c.rotate() ? randomRotation(d, rng.derive("rotation")) : identity(d);
    // Weights: Gaussian, scaled so that w'Σw = signal².
    Rng wr = rng.derive("weights");
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = wr.nextGaussian();
    }
    double var = 0;
    for (int j = 0; j < d; j++) {
      double proj = 0;
      for (int i = 0; i < d; i++) {
        proj += q[i * d + j] * w[i];
      }
      var += lambda[j] * proj * proj;
    }
    double scale = c.signal() / Math.sqrt(var);
    float[] wf = new float[d];
    for (int j = 0; j < d; j++) {
      w[j] *= scale;
      wf[j] = (float) w[j];
    }
    Rng xr = rng.derive("points");
    Rng yr = rng.derive("labels");
    float[] x = new float[n * d];
    int[] y = new int[n];
    double[] z = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        z[j] = Math.sqrt(lambda[j]) * xr.nextGaussian();
      }
      double logit = 0;
      int off = r * d;
      for (int i = 0; i < d; i++) {
        double v = 0;
        int qo = i * d;
        for (int j = 0; j < d; j++) {
          v += q[qo + j] * z[j];
        }
        x[off + i] = (float) v;
        logit += w[i] * v;
      }
      if (c.noiseless()) {
        y[r] = logit > 0 ? 1 : 0;
      } else {
        y[r] = yr.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      }
    }
    Dataset ds = Dataset.classification("ill-conditioned-logistic", Tensor.wrap(x, Shape.of(n, d)), y, 2);
    return new Data(ds, wf, lambda, q);
  }

  private static double[] identity(int d) {
    double[] q = new double[d * d];
    for (int i = 0; i < d; i++) {
      q[i * d + i] = 1;
    }
    return q;
  }

  /** A random orthogonal matrix: Gram–Schmidt (twice, for accuracy) on Gaussian columns. */
  static double[] randomRotation(int d, Rng rng) {
    double[] q = new double[d * d];
    for (int i = 0; i < d * d; i++) {
      q[i] = rng.nextGaussian();
    }
    for (int j = 0; j < d; j++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < j; k++) {
          double dot = 0;
          for (int i = 0; i < d; i++) {
            dot += q[i * d + j] * q[i * d + k];
          }
          for (int i = 0; i < d; i++) {
            q[i * d + j] -= dot * q[i * d + k];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < d; i++) {
        norm += q[i * d + j] * q[i * d + j];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < d; i++) {
        q[i * d + j] /= norm;
      }
    }
    return q;
  }
}
