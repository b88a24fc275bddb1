package org.probity.tensor.ops;

import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Elementwise unary ops (scalar add and multiply, exp, log, sqrt, square, pow, abs, clamp) with
 * their derivatives. Values follow IEEE-754 as Java's {@link Math} computes them in double and
 * rounds once to float: log of zero is -inf and of a negative number NaN, without an exception, so
 * that a diverging loss shows up as a value that can be checked rather than a crash. Backward rules
 * reuse the forward output where the derivative is a function of it (exp, sqrt).
 */
public final class Unary {
  private Unary() {}

  public static Tensor add(Tensor a, float s) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] + s;
    }
    return Tape.record("add", Tensor.wrap(y, a.shape()), g -> new Tensor[] {g}, a);
  }

  public static Tensor mul(Tensor a, float s) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * s;
    }
    return Tape.record("mul", Tensor.wrap(y, a.shape()), g -> new Tensor[] {scaled(g, s)}, a);
  }

  public static Tensor exp(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.exp(x[i]);
    }
    return Tape.record("exp", Tensor.wrap(y, a.shape()), g -> new Tensor[] {times(g, y)}, a);
  }

  public static Tensor log(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.log(x[i]);
    }
    return Tape.record("log", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = gd[i] / x[i];
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  public static Tensor sqrt(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.sqrt(x[i]);
    }
    return Tape.record("sqrt", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[y.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = 0.5f * gd[i] / y[i];
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  public static Tensor square(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return Tape.record("square", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = 2f * x[i] * gd[i];
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /** x^p elementwise (Math.pow semantics: a negative base with a non-integer p gives NaN). */
  public static Tensor pow(Tensor a, float p) {
    if (p == 2f) {
      return square(a);
    }
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.pow(x[i], p);
    }
    return Tape.record("pow", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      if (p != 0f) {
        double q = (double) p - 1.0;
        for (int i = 0; i < gx.length; i++) {
          gx[i] = (float) (p * Math.pow(x[i], q) * gd[i]);
        }
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /** |x|; the gradient is sign(x), zero at zero. */
  public static Tensor abs(Tensor a) {
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return Tape.record("abs", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = Math.signum(x[i]) * gd[i];
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  /**
   * Values limited to [min, max] (either bound may be infinite); the gradient passes where
   * min <= x <= max and is zero where the value was clamped.
   */
  public static Tensor clamp(Tensor a, float min, float max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("clamp: need min <= max, got min=" + min + " max=" + max);
    }
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.min(Math.max(x[i], min), max);
    }
    return Tape.record("clamp", Tensor.wrap(y, a.shape()), g -> {
      float[] gd = g.data();
      float[] gx = new float[x.length];
      for (int i = 0; i < gx.length; i++) {
        gx[i] = x[i] >= min && x[i] <= max ? gd[i] : 0f;
      }
      return new Tensor[] {Tensor.wrap(gx, g.shape())};
    }, a);
  }

  static Tensor scaled(Tensor g, float s) {
    float[] gd = g.data();
    float[] o = new float[gd.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = gd[i] * s;
    }
    return Tensor.wrap(o, g.shape());
  }

  static Tensor times(Tensor g, float[] d) {
    float[] gd = g.data();
    float[] o = new float[gd.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = gd[i] * d[i];
    }
    return Tensor.wrap(o, g.shape());
  }
}
