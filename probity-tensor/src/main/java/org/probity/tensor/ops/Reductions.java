package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Reductions over all elements or along one axis: sum, mean, max/argmax, logsumexp and variance,
 * each with its backward rule. An axis splits a contiguous tensor into {@code [outer, n, inner]};
 * when {@code inner == 1} the reduced elements are contiguous and a row loop is used, otherwise the
 * loop runs over {@code n} with the {@code inner} outputs side by side so memory is read in order.
 * Sums accumulate in double (four independent partial sums, which also shortens the dependency
 * chain), so a reduction over millions of floats keeps float accuracy. Variance is two-pass
 * (mean first, then squared deviations), which avoids the cancellation of the one-pass formula;
 * logsumexp subtracts the maximum first so that inputs like 1000 do not overflow.
 */
public final class Reductions {
  private Reductions() {}

  /** Sum of {@code a[off .. off+n)} in double precision. */
  static double sumRange(float[] a, int off, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = off;
    int end = off + n;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Sum of all elements, as a rank-0 tensor. */
  public static Tensor sum(Tensor a) {
    Tensor out = Tensor.scalar((float) sumRange(a.data(), 0, a.size()));
    Shape s = a.shape();
    return Tape.record("sum", out, g -> new Tensor[] {Tensor.full(g.item(), s)}, a);
  }

  /** Mean of all elements, as a rank-0 tensor (NaN for an empty tensor). */
  public static Tensor mean(Tensor a) {
    int n = a.size();
    Tensor out = Tensor.scalar((float) (sumRange(a.data(), 0, n) / n));
    Shape s = a.shape();
    return Tape.record("mean", out, g -> new Tensor[] {Tensor.full(g.item() / n, s)}, a);
  }

  public static Tensor sum(Tensor a, int axis, boolean keepDim) {
    return scaledSum("sum", a, axis, keepDim, false);
  }

  public static Tensor mean(Tensor a, int axis, boolean keepDim) {
    return scaledSum("mean", a, axis, keepDim, true);
  }

  private static Tensor scaledSum(String op, Tensor a, int axis, boolean keepDim, boolean mean) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    int outer = s.outer(ax);
    int n = s.dim(ax);
    int inner = s.inner(ax);
    double scale = mean ? 1.0 / n : 1.0;
    float[] x = a.data();
    float[] out = new float[outer * inner];
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        out[o] = (float) (sumRange(x, o * n, n) * scale);
      }
    } else {
      double[] acc = new double[inner];
      for (int o = 0; o < outer; o++) {
        java.util.Arrays.fill(acc, 0);
        for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
          for (int j = 0; j < inner; j++) {
            acc[j] += x[base + j];
          }
        }
        for (int j = 0; j < inner; j++) {
          out[o * inner + j] = (float) (acc[j] * scale);
        }
      }
    }
    Tensor result = Tensor.wrap(out, reducedShape(s, ax, keepDim));
    float fs = (float) scale;
    return Tape.record(op, result, g -> new Tensor[] {spread(g.data(), s, ax, fs)}, a);
  }

  /** g (one value per [outer, inner] position) copied along the axis and scaled: the sum's adjoint. */
  private static Tensor spread(float[] g, Shape s, int ax, float scale) {
    int outer = s.outer(ax);
    int n = s.dim(ax);
    int inner = s.inner(ax);
    float[] gx = new float[s.size()];
    for (int o = 0; o < outer; o++) {
      for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
        for (int j = 0; j < inner; j++) {
          gx[base + j] = g[o * inner + j] * scale;
        }
      }
    }
    return Tensor.wrap(gx, s);
  }

  static Shape reducedShape(Shape s, int ax, boolean keepDim) {
    return keepDim ? s.with(ax, 1) : s.without(ax);
  }

  /** Maximum along an axis; the gradient goes to the first maximal element (NaN counts as maximal). */
  public static Tensor max(Tensor a, int axis, boolean keepDim) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    requireNonEmpty("max", s, ax);
    int outer = s.outer(ax);
    int inner = s.inner(ax);
    float[] vals = new float[outer * inner];
    // Where the maxima sit is only needed for backward.
    int[] idx = Tape.recording(a) ? new int[vals.length] : null;
    maxAlong(a.data(), outer, s.dim(ax), inner, vals, idx);
    Tensor out = Tensor.wrap(vals, reducedShape(s, ax, keepDim));
    return Tape.record("max", out, g -> {
      float[] gd = g.data();
      float[] gx = new float[s.size()];
      int n = s.dim(ax);
      for (int o = 0; o < outer; o++) {
        for (int j = 0; j < inner; j++) {
          int p = o * inner + j;
          gx[(o * n + idx[p]) * inner + j] = gd[p];
        }
      }
      return new Tensor[] {Tensor.wrap(gx, s)};
    }, a);
  }

  /** Indices of the first maxima along {@code axis}, row-major over the remaining dimensions. */
  public static int[] argmax(Tensor a, int axis) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    requireNonEmpty("argmax", s, ax);
    int outer = s.outer(ax);
    int inner = s.inner(ax);
    float[] vals = new float[outer * inner];
    int[] idx = new int[vals.length];
    maxAlong(a.data(), outer, s.dim(ax), inner, vals, idx);
    return idx;
  }

  private static void requireNonEmpty(String op, Shape s, int ax) {
    if (s.dim(ax) == 0) {
      throw new IllegalArgumentException(op + ": axis " + ax + " of shape " + s + " is empty");
    }
  }

  /** First maxima of x viewed as [outer, n, inner] (n >= 1); NaN beats any number. idx may be null. */
  static void maxAlong(float[] x, int outer, int n, int inner, float[] vals, int[] idx) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n;
        float best = x[base];
        int bi = 0;
        for (int k = 1; k < n && best == best; k++) {
          float v = x[base + k];
          if (v > best || v != v) {
            best = v;
            bi = k;
          }
        }
        vals[o] = best;
        if (idx != null) {
          idx[o] = bi;
        }
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      System.arraycopy(x, o * n * inner, vals, ob, inner);
      for (int k = 1, base = (o * n + 1) * inner; k < n; k++, base += inner) {
        for (int j = 0; j < inner; j++) {
          float v = x[base + j];
          float best = vals[ob + j];
          if (v > best || (v != v && best == best)) {
            vals[ob + j] = v;
            if (idx != null) {
              idx[ob + j] = k;
            }
          }
        }
      }
    }
  }

  /** log(sum(exp(x))) along an axis; -inf over an empty axis. */
  public static Tensor logsumexp(Tensor a, int axis, boolean keepDim) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    int outer = s.outer(ax);
    int n = s.dim(ax);
    int inner = s.inner(ax);
    float[] x = a.data();
    float[] out = new float[outer * inner];
    if (n == 0) {
      java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
    } else if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n;
        float m = x[base];
        for (int k = 1; k < n; k++) {
          m = Math.max(m, x[base + k]);
        }
        // An infinite maximum would give inf - inf; shifting by zero then yields the right limit.
        double shift = Float.isInfinite(m) ? 0 : m;
        double acc = 0;
        for (int k = 0; k < n; k++) {
          acc += Math.exp(x[base + k] - shift);
        }
        out[o] = (float) (shift + Math.log(acc));
      }
    } else {
      double[] acc = new double[inner];
      maxAlong(x, outer, n, inner, out, null);
      for (int o = 0; o < outer; o++) {
        java.util.Arrays.fill(acc, 0);
        int ob = o * inner;
        for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
          for (int j = 0; j < inner; j++) {
            float m = out[ob + j];
            acc[j] += Math.exp(x[base + j] - (Float.isInfinite(m) ? 0 : m));
          }
        }
        for (int j = 0; j < inner; j++) {
          float m = out[ob + j];
          out[ob + j] = (float) ((Float.isInfinite(m) ? 0 : m) + Math.log(acc[j]));
        }
      }
    }
    Tensor result = Tensor.wrap(out, reducedShape(s, ax, keepDim));
    return Tape.record("logsumexp", result, g -> {
      // d lse / dx = softmax(x) = exp(x - lse)
      float[] gd = g.data();
      float[] gx = new float[s.size()];
      for (int o = 0; o < outer; o++) {
        for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
          for (int j = 0; j < inner; j++) {
            int p = o * inner + j;
            gx[base + j] = gd[p] * (float) Math.exp(x[base + j] - out[p]);
          }
        }
      }
      return new Tensor[] {Tensor.wrap(gx, s)};
    }, a);
  }

  /**
   * Variance along an axis, dividing the squared deviations by {@code n - correction} (0: the
   * population variance, 1: the unbiased estimate).
   */
  public static Tensor variance(Tensor a, int axis, boolean keepDim, int correction) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    int outer = s.outer(ax);
    int n = s.dim(ax);
    int inner = s.inner(ax);
    if (correction < 0) {
      throw new IllegalArgumentException("variance: correction must be >= 0, got " + correction);
    }
    if (n - correction <= 0) {
      throw new IllegalArgumentException("variance: axis " + ax + " of shape " + s + " has " + n
          + " elements, which must exceed the correction " + correction);
    }
    float[] x = a.data();
    double[] mu = means(x, outer, n, inner);
    double denom = n - correction;
    float[] out = new float[outer * inner];
    double[] acc = new double[inner];
    for (int o = 0; o < outer; o++) {
      java.util.Arrays.fill(acc, 0);
      int ob = o * inner;
      for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
        for (int j = 0; j < inner; j++) {
          double d = x[base + j] - mu[ob + j];
          acc[j] += d * d;
        }
      }
      for (int j = 0; j < inner; j++) {
        out[ob + j] = (float) (acc[j] / denom);
      }
    }
    Tensor result = Tensor.wrap(out, reducedShape(s, ax, keepDim));
    return Tape.record("variance", result, g -> {
      // d var / dx_i = 2 (x_i - mean) / (n - correction); the mean's own dependence on x_i cancels
      // because the deviations sum to zero.
      double[] m = means(x, outer, n, inner);
      float[] gd = g.data();
      float[] gx = new float[s.size()];
      for (int o = 0; o < outer; o++) {
        for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
          for (int j = 0; j < inner; j++) {
            int p = o * inner + j;
            gx[base + j] = (float) (2.0 * gd[p] * (x[base + j] - m[p]) / denom);
          }
        }
      }
      return new Tensor[] {Tensor.wrap(gx, s)};
    }, a);
  }

  /** Means of x viewed as [outer, n, inner], one per [outer, inner] position, in double. */
  private static double[] means(float[] x, int outer, int n, int inner) {
    double[] mu = new double[outer * inner];
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        mu[o] = sumRange(x, o * n, n) / n;
      }
      return mu;
    }
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      for (int k = 0, base = o * n * inner; k < n; k++, base += inner) {
        for (int j = 0; j < inner; j++) {
          mu[ob + j] += x[base + j];
        }
      }
      for (int j = 0; j < inner; j++) {
        mu[ob + j] /= n;
      }
    }
    return mu;
  }
}
