package org.probity.federated.repro;

import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.tensor.Rng;

/**
 * The mean-estimation model behind MR-MTL's privacy–personalisation trade-off (Liu, Hu, Wu, Smith,
 * NeurIPS 2022; official {@code plot_hparam_cost.py}): K silos with n points each, x ~ N(w_k, σ²)
 * around silo means w_k ~ N(θ, τ²). Each silo releases its clipped sum plus N(0, σ_dp²) once (one
 * Gaussian release, q = 1, σ_dp = C · noiseFor(ε, δ, 1, 1)), so its private mean has variance
 * σ_loc² = (σ² + σ_dp²/n)/n; MR-MTL's personal estimate is v_k = (ŵ_k + λ·w̄)/(1 + λ) with w̄ the
 * mean of the ŵ_k. Then MSE(λ) = (1 − 1/K)(σ_loc² + λ²τ²)/(1 + λ)² + σ_loc²/K, minimised at
 * λ* = σ_loc²/τ²: more privacy noise means more federation. λ = 0 is Local, λ → ∞ FedAvg. The
 * Monte Carlo samples the whole process, clipping included, as the official simulator does.
 *
 * @param silos K
 * @param points n per silo
 * @param sigma σ, the spread of a silo's points
 * @param tau τ, the spread of the silo means
 * @param clip C, the clip bound of each point (the sum's sensitivity)
 * @param delta δ of the release
 */
record MeanEstimation(int silos, int points, double sigma, double tau, double clip, double delta) {
  /** The official script's defaults. */
  static final MeanEstimation DEFAULT = new MeanEstimation(20, 200, 0.4, 0.08, 1.0, 1e-5);

  /** σ_dp of one Gaussian release of the clipped sum at ε (0 for ε = ∞). */
  double dpNoise(double epsilon) {
    return Double.isInfinite(epsilon) ? 0 : clip * NoiseCalibration.noiseFor(epsilon, delta, 1.0, 1);
  }

  /** σ_loc² = (σ² + σ_dp²/n)/n, the variance of one silo's private mean. */
  double localVariance(double sigmaDp) {
    return (sigma * sigma + sigmaDp * sigmaDp / points) / points;
  }

  /** λ* = σ_loc²/τ². */
  double optimalLambda(double sigmaDp) {
    return localVariance(sigmaDp) / (tau * tau);
  }

  /** The closed-form MSE at λ (λ = +∞: FedAvg, (1 − 1/K)τ² + σ_loc²/K). */
  double mse(double lambda, double sigmaDp) {
    double v = localVariance(sigmaDp);
    double k = silos;
    if (Double.isInfinite(lambda)) {
      return (1 - 1 / k) * tau * tau + v / k;
    }
    return (1 - 1 / k) * (v + lambda * lambda * tau * tau) / ((1 + lambda) * (1 + lambda)) + v / k;
  }

  /**
   * Monte Carlo MSE at each λ (λ = +∞ allowed) over {@code trials} draws of the whole process with
   * θ = 0: silo means, points, clipping to [−C, C], the Gaussian release, the MR-MTL estimate; the
   * squared error averaged over trials and silos.
   */
  double[] monteCarlo(double[] lambdas, double sigmaDp, int trials, Rng rng) {
    double[] sse = new double[lambdas.length];
    double[] wTrue = new double[silos];
    double[] wHat = new double[silos];
    for (int t = 0; t < trials; t++) {
      Rng r = rng.derive(t);
      double mean = 0;
      for (int k = 0; k < silos; k++) {
        wTrue[k] = tau * r.nextGaussian();
        double sum = 0;
        for (int i = 0; i < points; i++) {
          double x = wTrue[k] + sigma * r.nextGaussian();
          sum += Math.max(-clip, Math.min(clip, x));
        }
        wHat[k] = (sum + sigmaDp * r.nextGaussian()) / points;
        mean += wHat[k] / silos;
      }
      for (int j = 0; j < lambdas.length; j++) {
        double l = lambdas[j];
        for (int k = 0; k < silos; k++) {
          double v = Double.isInfinite(l) ? mean : (wHat[k] + l * mean) / (1 + l);
          sse[j] += (v - wTrue[k]) * (v - wTrue[k]);
        }
      }
    }
    for (int j = 0; j < sse.length; j++) {
      sse[j] /= (double) trials * silos;
    }
    return sse;
  }
}
