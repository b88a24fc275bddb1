package org.probity.privacy.repro;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * The ill-conditioned logistic-regression task the notes calibrated for DP² and AdaDPS
 * (notes-federated-privacy.md §0.3): d features, the first {@code highCount} of scale
 * {@code highScale} and the rest of scale {@code lowScale} (x_j ~ N(0, s_j²)), true weights
 * w*_j ~ N(0, 1)/s_j × (0.2 for the high-scale coordinates, 1 for the others), so that almost all
 * of the signal sits in the LOW-scale coordinates; the logit x·w* is rescaled to standard
 * deviation {@code signal} and y ~ Bernoulli(sigmoid(logit)). Why not core's
 * {@code IllConditionedLogistic}: its weights are isotropic Gaussian, which puts the signal in the
 * high-variance directions, where plain DP-SGD already does well; the effect adaptive private
 * optimisers fix — per-example clipping and isotropic noise sized for the large coordinates
 * starving the small ones that carry the signal — needs this weight structure (the notes report no
 * DP² gain without it).
 */
public final class TwoScaleLogistic {
  private TwoScaleLogistic() {}

  /** The notes' setting: d = 200, 20 coordinates of scale 5, 180 of scale 0.2, logit std 3. */
  public record Config(int dim, int highCount, double highScale, double lowScale, double signal) {
    public Config {
      if (dim < 1 || highCount < 0 || highCount > dim) {
        throw new IllegalArgumentException("two-scale logistic: need dim >= 1 and 0 <= highCount <= dim, got dim="
            + dim + ", highCount=" + highCount);
      }
      if (!(highScale > 0) || !(lowScale > 0) || !(signal > 0)) {
        throw new IllegalArgumentException("two-scale logistic: scales and signal must be positive, got "
            + highScale + ", " + lowScale + ", " + signal);
      }
    }

    public static Config notes() {
      return new Config(200, 20, 5.0, 0.2, 3.0);
    }

    /** s_j, the standard deviation of feature j (the side information AdaDPS may use). */
    public double[] scales() {
      double[] s = new double[dim];
      for (int j = 0; j < dim; j++) {
        s[j] = j < highCount ? highScale : lowScale;
      }
      return s;
    }
  }

  /** The true weights w* (after rescaling) and the splits drawn with them. */
  public record Task(double[] weights, Dataset train, Dataset validation, Dataset test) {}

  /** Draws w* once and then {@code nTrain}, {@code nValidation} and {@code nTest} independent rows. */
  public static Task generate(Config c, int nTrain, int nValidation, int nTest, Rng rng) {
    int d = c.dim();
    double[] s = c.scales();
    Rng wr = rng.derive("weights");
    double[] w = new double[d];
    double var = 0;
    for (int j = 0; j < d; j++) {
      w[j] = wr.nextGaussian() / s[j] * (j < c.highCount() ? 0.2 : 1.0);
      var += s[j] * s[j] * w[j] * w[j];
    }
    // Rescale so the logit's (population) standard deviation is `signal`.
    double k = c.signal() / Math.sqrt(var);
    for (int j = 0; j < d; j++) {
      w[j] *= k;
    }
    return new Task(w, rows("train", c, w, nTrain, rng.derive("train")),
        rows("validation", c, w, nValidation, rng.derive("validation")), rows("test", c, w, nTest, rng.derive("test")));
  }

  private static Dataset rows(String part, Config c, double[] w, int n, Rng rng) {
    int d = c.dim();
    double[] s = c.scales();
    float[] x = new float[n * d];
    int[] y = new int[n];
    Rng xr = rng.derive("x");
    Rng yr = rng.derive("y");
    for (int i = 0; i < n; i++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        float v = (float) (s[j] * xr.nextGaussian());
        x[i * d + j] = v;
        z += w[j] * v;
      }
      y[i] = yr.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return Dataset.classification("two-scale-logistic-" + part, Tensor.wrap(x, Shape.of(n, d)), y, 2);
  }

  /** The Bayes classifier's accuracy on {@code data}: sign of the true logit. */
  public static double bayesAccuracy(Task t, Dataset data) {
    int d = t.weights().length;
    float[] x = data.features().data();
    int[] y = data.labels();
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        z += t.weights()[j] * x[i * d + j];
      }
      correct += (z > 0 ? 1 : 0) == y[i] ? 1 : 0;
    }
    return (double) correct / y.length;
  }
}
