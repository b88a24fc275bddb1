package org.probity.privacy.repro;

import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.Split;
import org.probity.core.data.Splits;
import org.probity.privacy.accountant.BoundedGaussianAccountant;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.accountant.analysis.Rdp;
import org.probity.privacy.mechanism.BoundedGaussian;
import org.probity.privacy.mechanism.RectifiedGaussian;
import org.probity.privacy.mechanism.TruncatedGaussian;
import org.probity.tensor.Rng;

/**
 * The calibrated small-scale experiment of notes-federated-privacy.md §10 for Hu, Guo, Wang et al.,
 * "Privacy Amplification for the Gaussian Mechanism via Bounded Support" (arXiv 2403.05598): the
 * official code's linear probe (zero-initialised linear layer, full-batch DP-GD with L∞ per-example
 * clipping, SGD with momentum 0.9) scaled down to scikit-learn's digits — pixels/16 plus a bias
 * feature, softmax regression with 65 × 10 = 650 parameters, C = 0.01, σ = 200 (noise std 2 on the
 * summed gradient), 40 steps, δ = 1e-5. The Gaussian mechanism is accounted as the official code
 * does, RDP of the q = 1 Gaussian with noise multiplier σ/√d (L∞ clipping gives L2 sensitivity
 * C√d); the bounded mechanisms per instance, coordinate by coordinate, at the summed clipped
 * gradient before noise ({@link BoundedGaussianAccountant}).
 *
 * <p>The loop is written out here (softmax-regression per-example gradients x_i ⊗ (p_i − y_i) in
 * closed form) rather than taken from the general DP-SGD path, so the experiment is exactly the
 * notes' and costs milliseconds per step; all the time goes into the per-instance accountant.
 * The Gaussian and the rectified runs at one (seed, learning rate) draw the same standard-normal
 * noise, so their difference is the mechanism's and not the noise's.
 */
final class BoundedGaussianDigits {
  static final double CLIP = 0.01;
  static final int STEPS = 40;
  static final double MOMENTUM = 0.9;
  static final double DELTA = 1e-5;
  static final int TEST_ROWS = 397;
  /** 64 pixels + bias, times 10 classes. */
  static final int PARAMS = 650;

  /** Which release of the summed clipped gradient a run uses. */
  enum Kind {
    GAUSSIAN, RECTIFIED, TRUNCATED
  }

  /** One mechanism at one noise multiplier; bound is unused for the Gaussian. */
  record Setting(Kind kind, double noiseMultiplier, double bound) {
    String label() {
      String sigma = noiseMultiplier == Math.rint(noiseMultiplier) ? Long.toString((long) noiseMultiplier)
          : Double.toString(noiseMultiplier);
      return switch (kind) {
        case GAUSSIAN -> "gaussian_s" + sigma;
        case RECTIFIED -> "rectified_a" + (long) bound + "_s" + sigma;
        case TRUNCATED -> "truncated_a" + (long) bound + "_s" + sigma;
      };
    }
  }

  /** One training run: final test accuracy and the (ε, δ) it spent. */
  record Outcome(double accuracy, double epsilon, double order) {}

  /** The split data as dense row-major arrays with the bias column appended. */
  record Data(double[] trainX, int[] trainY, double[] testX, int[] testY, int features, int classes) {
    int trainRows() {
      return trainY.length;
    }

    int params() {
      return features * classes;
    }
  }

  private BoundedGaussianDigits() {}

  /** Digits split stratified ≈1400 / 397 by {@code rng}, pixels/16 (as loaded) plus a bias of 1. */
  static Data data(Rng rng) {
    Dataset digits = Datasets.load("digits");
    Split split = Splits.stratified(digits, TEST_ROWS / (double) digits.size(), rng);
    int f = digits.exampleShape().size() + 1;
    if (f * digits.numClasses() != PARAMS) {
      throw new IllegalStateException("bounded-gaussian: digits should give " + PARAMS + " parameters, got "
          + f * digits.numClasses());
    }
    return new Data(withBias(split.train()), split.train().labels().clone(), withBias(split.test()),
        split.test().labels().clone(), f, digits.numClasses());
  }

  private static double[] withBias(Dataset d) {
    float[] x = d.features().data();
    int n = d.size();
    int p = d.exampleShape().size();
    double[] out = new double[n * (p + 1)];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        out[i * (p + 1) + j] = x[i * p + j];
      }
      out[i * (p + 1) + p] = 1;
    }
    return out;
  }

  /**
   * Trains with {@code setting} at learning rate {@code lr}; {@code noiseRng} drives the release
   * (the same stream gives the Gaussian and the rectified run the same draws).
   */
  static Outcome train(Data data, Setting setting, double lr, Rng noiseRng) {
    int n = data.trainRows();
    int d = data.params();
    double std = setting.noiseMultiplier() * CLIP;
    BoundedGaussian mechanism = switch (setting.kind()) {
      case GAUSSIAN -> null;
      case RECTIFIED -> new RectifiedGaussian(setting.noiseMultiplier(), CLIP, setting.bound());
      case TRUNCATED -> new TruncatedGaussian(setting.noiseMultiplier(), CLIP, setting.bound());
    };
    BoundedGaussianAccountant accountant = mechanism == null ? null : new BoundedGaussianAccountant(mechanism);
    double[] w = new double[d];
    double[] velocity = new double[d];
    double[] sum = new double[d];
    double[] noise = new double[d];
    for (int t = 0; t < STEPS; t++) {
      clippedSum(data, w, sum);
      if (accountant != null) {
        accountant.step(sum); // per-instance: the sum before noise
      }
      switch (setting.kind()) {
        case GAUSSIAN -> {
          fill(noise, noiseRng);
          for (int k = 0; k < d; k++) {
            sum[k] += std * noise[k];
          }
        }
        case RECTIFIED -> {
          fill(noise, noiseRng);
          ((RectifiedGaussian) mechanism).privatizeWith(sum, noise);
        }
        case TRUNCATED -> mechanism.privatize(sum, noiseRng);
      }
      // Mean over the full batch, then SGD with momentum as torch.optim.SGD (buf = m·buf + g).
      for (int k = 0; k < d; k++) {
        velocity[k] = MOMENTUM * velocity[k] + sum[k] / n;
        w[k] -= lr * velocity[k];
      }
    }
    double accuracy = accuracy(w, data.testX(), data.testY(), data.features(), data.classes());
    PrivacySpent spent = accountant != null ? accountant.spent(DELTA) : gaussianSpent(setting.noiseMultiplier(), d);
    return new Outcome(accuracy, spent.epsilon(), spent.order());
  }

  /**
   * The official vanilla baseline: RDP of STEPS compositions of the q = 1 Gaussian with noise
   * multiplier σ/√d, on the same orders as the bounded accountant.
   */
  static PrivacySpent gaussianSpent(double noiseMultiplier, int params) {
    double[] orders = Rdp.DEFAULT_ORDERS;
    double[] rdp = Rdp.sampledGaussian(1.0, noiseMultiplier / Math.sqrt(params), STEPS, orders);
    return Rdp.toEpsilon(orders, rdp, DELTA);
  }

  private static void fill(double[] noise, Rng rng) {
    for (int k = 0; k < noise.length; k++) {
      noise[k] = rng.nextGaussian();
    }
  }

  /**
   * Σ_i clamp(x_i ⊗ (p_i − y_i), −C, C) into {@code sum}: the per-example softmax-regression
   * gradient, clipped coordinate by coordinate (the official {@code torch.clamp(grad_sample, −C, C)}).
   */
  static void clippedSum(Data data, double[] w, double[] sum) {
    int f = data.features();
    int k = data.classes();
    double[] x = data.trainX();
    int[] y = data.trainY();
    double[] p = new double[k];
    java.util.Arrays.fill(sum, 0);
    for (int i = 0; i < y.length; i++) {
      softmax(x, i * f, w, f, k, p);
      p[y[i]] -= 1;
      for (int j = 0; j < f; j++) {
        double xij = x[i * f + j];
        if (xij == 0) {
          continue;
        }
        int row = j * k;
        for (int c = 0; c < k; c++) {
          double g = xij * p[c];
          sum[row + c] += g > CLIP ? CLIP : (g < -CLIP ? -CLIP : g);
        }
      }
    }
  }

  /** p = softmax(x_i · W) for W stored row-major (features × classes). */
  private static void softmax(double[] x, int offset, double[] w, int f, int k, double[] p) {
    java.util.Arrays.fill(p, 0);
    for (int j = 0; j < f; j++) {
      double xij = x[offset + j];
      if (xij == 0) {
        continue;
      }
      int row = j * k;
      for (int c = 0; c < k; c++) {
        p[c] += xij * w[row + c];
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, p[c]);
    }
    double z = 0;
    for (int c = 0; c < k; c++) {
      p[c] = Math.exp(p[c] - max);
      z += p[c];
    }
    for (int c = 0; c < k; c++) {
      p[c] /= z;
    }
  }

  static double accuracy(double[] w, double[] x, int[] y, int f, int k) {
    double[] p = new double[k];
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      softmax(x, i * f, w, f, k, p);
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      right += best == y[i] ? 1 : 0;
    }
    return right / (double) y.length;
  }
}
