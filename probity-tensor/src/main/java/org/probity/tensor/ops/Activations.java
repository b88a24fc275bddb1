package org.probity.tensor.ops;

import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Pointwise activations: tanh, sigmoid, ReLU and GELU, with their derivatives. Sigmoid is
 * evaluated as {@code e^x / (1 + e^x)} for negative x so neither branch overflows. GELU is the
 * exact form {@code x·Φ(x)} of Hendrycks and Gimpel (2016), not the tanh approximation; Java has no
 * erf, so {@link #erfc} uses the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2,
 * "erfcc"), whose relative error is below 1.2e-7 everywhere, with erf's Maclaurin series for
 * |x| < 0.5. Being relative, the fit keeps Φ accurate deep in the lower tail, where
 * {@code 1 + erf} would lose everything to cancellation.
 */
public final class Activations {
  private Activations() {}

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  public static Tensor tanh(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
    return Tape.record("tanh", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[y.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = gd[i] * (1f - y[i] * y[i]);
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  public static Tensor sigmoid(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) sigmoid((double) x[i]);
    }
    return Tape.record("sigmoid", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[y.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = gd[i] * y[i] * (1f - y[i]);
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /** The logistic function, stable for large |x|. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** max(x, 0); the gradient is 1 for x > 0 and 0 otherwise (NaN propagates). */
  public static Tensor relu(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0f);
    }
    return Tape.record("relu", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = x[i] > 0f ? gd[i] : 0f;
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /** GELU, exact form x·Φ(x); the gradient is Φ(x) + x·φ(x). */
  public static Tensor gelu(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] * normalCdf(x[i]));
    }
    return Tape.record("gelu", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        double v = x[i];
        gx[i] = (float) (gd[i] * (normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /** The standard normal CDF Φ(x), accurate to about 1e-7 relative, also in the lower tail. */
  public static double normalCdf(double x) {
    return 0.5 * erfc(-x * INV_SQRT2);
  }

  /** The complementary error function; relative error below 1.2e-7 for every x. */
  public static double erfc(double x) {
    if (Math.abs(x) < 0.5) {
      return 1.0 - erfSeries(x);
    }
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2.0 - r;
  }

  /**
   * The error function; absolute error below 1.2e-7. For |x| < 0.5 its Maclaurin series is used
   * (in erfc too), which keeps small values accurate relative to their size and erf(0) exact.
   */
  public static double erf(double x) {
    return Math.abs(x) < 0.5 ? erfSeries(x) : 1.0 - erfc(x);
  }

  /** erf x = 2/sqrt(pi) · sum_n (-1)^n x^(2n+1) / (n! (2n+1)); 12 terms reach 1e-16 at |x| = 0.5. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 12; n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }
}
