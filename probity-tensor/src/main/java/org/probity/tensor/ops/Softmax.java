package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Softmax and log-softmax along any axis, computed stably by subtracting each line's maximum
 * before exponentiating (so logits of 1000 are fine), with the normaliser summed in double. A
 * "line" is the n elements along the axis at one [outer, inner] position: they sit {@code inner}
 * apart in memory, which is 1 for the usual last axis. Backward rules, for y = softmax(x):
 * {@code dx = y ⊙ (g − Σ g⊙y)}; for y = log_softmax(x): {@code dx = g − softmax(x)·Σ g}.
 */
public final class Softmax {
  private Softmax() {}

  public static Tensor softmax(Tensor a, int axis) {
    return run("softmax", a, axis, false);
  }

  public static Tensor logSoftmax(Tensor a, int axis) {
    return run("logSoftmax", a, axis, true);
  }

  private static Tensor run(String op, Tensor a, int axis, boolean log) {
    Shape s = a.shape();
    int ax = s.axis(axis);
    int outer = s.outer(ax);
    int n = s.dim(ax);
    int inner = s.inner(ax);
    float[] x = a.data();
    float[] y = new float[x.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        int end = base + n * inner;
        float m = Float.NEGATIVE_INFINITY;
        for (int p = base; p < end; p += inner) {
          m = Math.max(m, x[p]);
        }
        double sum = 0;
        for (int p = base; p < end; p += inner) {
          float e = (float) Math.exp(x[p] - m);
          y[p] = e;
          sum += e;
        }
        if (log) {
          // (x - m) is exact for nearby values; adding m to log(sum) first would round it to
          // the float spacing of m (6e-5 at m = 1000).
          float lse = (float) Math.log(sum);
          for (int p = base; p < end; p += inner) {
            y[p] = (x[p] - m) - lse;
          }
        } else {
          float inv = (float) (1.0 / sum);
          for (int p = base; p < end; p += inner) {
            y[p] *= inv;
          }
        }
      }
    }
    Tensor out = Tensor.wrap(y, s);
    return Tape.record(op, out, g -> new Tensor[] {backward(g.data(), y, s, outer, n, inner, log)}, a);
  }

  private static Tensor backward(float[] g, float[] y, Shape s, int outer, int n, int inner, boolean log) {
    float[] gx = new float[g.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        int end = base + n * inner;
        double acc = 0;
        if (log) {
          for (int p = base; p < end; p += inner) {
            acc += g[p];
          }
          float total = (float) acc;
          for (int p = base; p < end; p += inner) {
            gx[p] = g[p] - (float) Math.exp(y[p]) * total;
          }
        } else {
          for (int p = base; p < end; p += inner) {
            acc += (double) g[p] * y[p];
          }
          float dot = (float) acc;
          for (int p = base; p < end; p += inner) {
            gx[p] = y[p] * (g[p] - dot);
          }
        }
      }
    }
    return Tensor.wrap(gx, s);
  }
}
