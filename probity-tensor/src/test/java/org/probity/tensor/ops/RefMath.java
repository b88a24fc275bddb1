package org.probity.tensor.ops;

import java.util.function.DoubleBinaryOperator;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Test helpers for the elementwise, softmax and reduction ops: broadcasting and axis reductions
 * written out one coordinate at a time (sharing no code with the strided kernels under test), and
 * inputs built to keep away from kinks and ties by a known margin, so finite differences are valid.
 */
final class RefMath {
  private RefMath() {}

  /** Row-major coordinates of flat position {@code flat} in {@code dims}. */
  static int[] coords(int flat, int[] dims) {
    int[] c = new int[dims.length];
    for (int i = dims.length - 1; i >= 0; i--) {
      c[i] = flat % dims[i];
      flat /= dims[i];
    }
    return c;
  }

  /** The flat index in {@code src} read for output coordinates {@code c} under NumPy broadcasting. */
  static int sourceIndex(int[] c, Shape src) {
    int[] d = src.dims();
    int lead = c.length - d.length;
    int flat = 0;
    for (int i = 0; i < d.length; i++) {
      flat = flat * d[i] + (d[i] == 1 ? 0 : c[lead + i]);
    }
    return flat;
  }

  /** f(a, b) broadcast to {@code out}, element by element in double. */
  static float[] broadcastRef(Shape out, Tensor a, Tensor b, DoubleBinaryOperator f) {
    float[] r = new float[out.size()];
    int[] od = out.dims();
    for (int i = 0; i < r.length; i++) {
      int[] c = coords(i, od);
      r[i] = (float) f.applyAsDouble(a.data()[sourceIndex(c, a.shape())], b.data()[sourceIndex(c, b.shape())]);
    }
    return r;
  }

  /**
   * Values {@code offset + spacing·k} for distinct integers k in [-size/2, size/2), randomly placed:
   * no two entries are closer than {@code spacing}.
   */
  static Tensor spaced(Rng rng, float spacing, float offset, int... dims) {
    int n = Shape.of(dims).size();
    int[] p = rng.permutation(n);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = offset + spacing * (p[i] - n / 2);
    }
    return Tensor.of(d, dims);
  }

  /** Entries of random sign with magnitude uniform in [lo, hi]. */
  static Tensor signed(Rng rng, float lo, float hi, int... dims) {
    Tensor t = Tensor.uniform(rng, lo, hi, dims);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (rng.nextDouble() < 0.5) {
        d[i] = -d[i];
      }
    }
    return t;
  }

  /** Sum of all entries, recorded by hand so backward tests rely only on the op under test. */
  static Tensor sumAll(Tensor x) {
    double s = 0;
    for (float v : x.data()) {
      s += v;
    }
    Shape shape = x.shape();
    return Tape.record("sumAll", Tensor.scalar((float) s), g -> new Tensor[] {Tensor.full(g.item(), shape)}, x);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }
}
