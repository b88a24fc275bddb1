package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class ReductionsTest {
  private static final int[] DIMS = {2, 3, 4};

  /** For each position of x with {@code axis} removed, f of the line along that axis, in double. */
  private static double[] alongAxis(Tensor x, int axis, ToDoubleFunction<double[]> f) {
    int[] d = x.shape().dims();
    Shape reduced = x.shape().without(axis);
    double[] r = new double[reduced.size()];
    int[] rd = reduced.dims();
    for (int p = 0; p < r.length; p++) {
      int[] rc = RefMath.coords(p, rd);
      double[] line = new double[d[axis]];
      for (int k = 0; k < line.length; k++) {
        int[] c = new int[d.length];
        for (int i = 0, j = 0; i < d.length; i++) {
          c[i] = i == axis ? k : rc[j++];
        }
        line[k] = x.get(c);
      }
      r[p] = f.applyAsDouble(line);
    }
    return r;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double variance(double[] v, int correction) {
    double mu = sum(v) / v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mu) * (x - mu);
    }
    return ss / (v.length - correction);
  }

  private static void assertClose(double[] expected, Tensor actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual.data()[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
    }
  }

  @Test
  void axisReductionsMatchLineByLineReferences() {
    Tensor x = Tensor.randn(new Rng(51), DIMS);
    for (int axis = -3; axis < 3; axis++) {
      int a = axis < 0 ? axis + 3 : axis;
      for (boolean keep : new boolean[] {false, true}) {
        Shape expected = keep ? x.shape().with(a, 1) : x.shape().without(a);
        String w = " axis " + axis + " keepDim " + keep;
        Tensor s = Reductions.sum(x, axis, keep);
        assertEquals(expected, s.shape(), "sum" + w);
        assertClose(alongAxis(x, a, ReductionsTest::sum), s, 1e-6, "sum" + w);
        assertClose(alongAxis(x, a, v -> sum(v) / v.length), Reductions.mean(x, axis, keep), 1e-6, "mean" + w);
        assertClose(alongAxis(x, a, ReductionsTest::max), Reductions.max(x, axis, keep), 0, "max" + w);
        assertClose(alongAxis(x, a, v -> {
          double t = 0;
          for (double e : v) {
            t += Math.exp(e);
          }
          return Math.log(t);
        }), Reductions.logsumexp(x, axis, keep), 1e-6, "logsumexp" + w);
        assertClose(alongAxis(x, a, v -> variance(v, 0)), Reductions.variance(x, axis, keep, 0), 1e-6, "var" + w);
        assertClose(alongAxis(x, a, v -> variance(v, 1)), Reductions.variance(x, axis, keep, 1), 1e-6, "var1" + w);
        assertEquals(expected, Reductions.variance(x, axis, keep, 1).shape());
      }
    }
  }

  @Test
  void fullReductionsAreRankZero() {
    Tensor x = Tensor.randn(new Rng(52), DIMS);
    double s = 0;
    for (float v : x.data()) {
      s += v;
    }
    Tensor total = Reductions.sum(x);
    assertEquals(0, total.rank());
    assertEquals(s, total.item(), 1e-5);
    assertEquals(s / 24, Reductions.mean(x).item(), 1e-6);
  }

  @Test
  void argmaxIsRowMajorAndPicksTheFirstMaximum() {
    Tensor x = Tensor.randn(new Rng(53), DIMS);
    for (int axis = 0; axis < 3; axis++) {
      int a = axis;
      double[] ref = alongAxis(x, a, v -> {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
          if (v[k] > v[best]) {
            best = k;
          }
        }
        return best;
      });
      int[] got = Reductions.argmax(x, axis);
      for (int i = 0; i < ref.length; i++) {
        assertEquals((int) ref[i], got[i], "argmax axis " + axis + " at " + i);
      }
    }
    Tensor ties = Tensor.of(new float[] {1, 3, 3, 0, 2, 2, 2, 2}, 2, 4);
    assertArrayEquals(new int[] {1, 0}, Reductions.argmax(ties, -1));
    assertArrayEquals(new int[] {1, 0, 0, 1}, Reductions.argmax(ties, 0));
  }

  @Test
  void maxSendsTheGradientToTheFirstMaximum() {
    Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 2, 2, 2, 2}, 2, 4).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Reductions.max(x, 1, false)));
    }
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0}, x.grad().data());
  }

  @Test
  void gradientsMatchFiniteDifferencesOverEveryAxis() {
    Rng rng = new Rng(54);
    for (int axis = -3; axis < 3; axis++) {
      for (boolean keep : new boolean[] {false, true}) {
        int ax = axis;
        String w = " axis " + axis + " keepDim " + keep;
        GradCheck.verify("sum" + w, in -> Reductions.sum(in[0], ax, keep), Tensor.randn(rng, DIMS));
        GradCheck.verify("mean" + w, in -> Reductions.mean(in[0], ax, keep), Tensor.randn(rng, DIMS));
        // Distinct values 0.1 apart: no tie can flip under the finite-difference step.
        GradCheck.verify("max" + w, in -> Reductions.max(in[0], ax, keep), RefMath.spaced(rng, 0.1f, 0f, DIMS));
        GradCheck.verify("logsumexp" + w, in -> Reductions.logsumexp(in[0], ax, keep), Tensor.randn(rng, DIMS));
        GradCheck.verify("variance" + w, in -> Reductions.variance(in[0], ax, keep, 0), Tensor.randn(rng, DIMS));
        GradCheck.verify("variance c=1" + w, in -> Reductions.variance(in[0], ax, keep, 1), Tensor.randn(rng, DIMS));
      }
    }
    GradCheck.verify("sum all", in -> Reductions.sum(in[0]), Tensor.randn(rng, DIMS));
    GradCheck.verify("mean all", in -> Reductions.mean(in[0]), Tensor.randn(rng, DIMS));
    GradCheck.verify("sum size-1 axis", in -> Reductions.sum(in[0], 1, false), Tensor.randn(rng, 3, 1, 2));
    GradCheck.verify("mean rank-0", in -> Reductions.mean(in[0]), Tensor.scalar(0.4f));
  }

  @Test
  void logsumexpIsStableForLargeAndInfiniteInputs() {
    assertEquals(1000 + Math.log(2), Reductions.logsumexp(Tensor.vector(1000f, 1000f), 0, false).item(), 1e-4);
    assertEquals(-1000 + Math.log(2), Reductions.logsumexp(Tensor.vector(-1000f, -1000f), 0, false).item(), 1e-4);
    Tensor big = Tensor.of(new float[] {1000f, 1000f, 1000f, 1000f}, 2, 2);
    assertArrayEquals(new float[] {1000.6931f, 1000.6931f}, Reductions.logsumexp(big, 0, false).data(), 1e-3f);
    float ninf = Float.NEGATIVE_INFINITY;
    assertEquals(ninf, Reductions.logsumexp(Tensor.vector(ninf, ninf), 0, false).item());
    assertEquals(Float.POSITIVE_INFINITY,
        Reductions.logsumexp(Tensor.vector(Float.POSITIVE_INFINITY, 1f), 0, false).item());
    assertEquals(2f, Reductions.logsumexp(Tensor.vector(ninf, 2f), 0, false).item(), 1e-6f);
    Tensor colInf = Tensor.of(new float[] {ninf, 1f, ninf, 1f}, 2, 2);
    float[] col = Reductions.logsumexp(colInf, 0, true).data();
    assertEquals(ninf, col[0]);
    assertEquals(1 + Math.log(2), col[1], 1e-6);
  }

  @Test
  void varianceIsTwoPassAccurateOnOffsetData() {
    // 1e4 plus noise of 1e-2: the one-pass E[x^2] - E[x]^2 in float would lose every digit.
    Rng rng = new Rng(55);
    Tensor x = Tensor.randn(rng, 3, 1000);
    float[] d = x.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = 1e4f + 0.01f * d[i];
    }
    float[] v = Reductions.variance(x, 1, false, 1).data();
    for (int r = 0; r < 3; r++) {
      double mu = 0;
      for (int k = 0; k < 1000; k++) {
        mu += d[r * 1000 + k];
      }
      mu /= 1000;
      double ss = 0;
      for (int k = 0; k < 1000; k++) {
        double e = d[r * 1000 + k] - mu;
        ss += e * e;
      }
      double ref = ss / 999;
      assertEquals(ref, v[r], 1e-5 * ref, "row " + r);
    }
  }

  @Test
  void varianceRejectsACorrectionNotBelowTheCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Reductions.variance(Tensor.zeros(2, 1), 1, false, 1));
    assertTrue(e.getMessage().startsWith("variance:") && e.getMessage().contains("[2, 1]")
        && e.getMessage().contains("correction 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Reductions.variance(Tensor.zeros(2, 3), 1, false, -1));
  }

  @Test
  void longSumsKeepFloatAccuracy() {
    // A float accumulator would drift to about 100958 here.
    int n = 1_000_000;
    Tensor x = Tensor.full(0.1f, Shape.of(n));
    assertEquals(100_000.0, Reductions.sum(x).item(), 0.01);
    assertEquals(0.1, Reductions.mean(x).item(), 1e-7);
    Tensor cols = Tensor.full(0.1f, Shape.of(n / 4, 4));
    float[] s = Reductions.sum(cols, 0, false).data();
    for (float v : s) {
      assertEquals(25_000.0, v, 0.01);
    }
  }

  @Test
  void emptyAndInvalidAxesFailClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Reductions.sum(Tensor.zeros(2, 3), 2, false));
    assertTrue(e.getMessage().contains("axis 2") && e.getMessage().contains("[2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Reductions.max(Tensor.zeros(2, 0), 1, false));
    assertTrue(e.getMessage().startsWith("max:") && e.getMessage().contains("[2, 0]"), e.getMessage());
    assertArrayEquals(new float[] {0f, 0f}, Reductions.sum(Tensor.zeros(2, 0), 1, false).data());
    assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
        Reductions.logsumexp(Tensor.zeros(2, 0), 1, false).data());
  }

  @Test
  void reducingAllOfARankOneTensorAlongItsAxisGivesRankZero() {
    Tensor v = Tensor.vector(1f, 2f, 4f);
    assertEquals(Shape.scalar(), Reductions.sum(v, 0, false).shape());
    assertEquals(Shape.of(1), Reductions.sum(v, 0, true).shape());
    assertEquals(7f, Reductions.sum(v, -1, false).item());
  }
}
