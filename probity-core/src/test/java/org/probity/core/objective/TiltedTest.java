package org.probity.core.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.MeanSquaredError;

/** TERM's value, weights and gradient against formulas and finite differences computed here in double. */
class TiltedTest {
  private static final float[] L = {0.3f, 1.7f, 0.05f, 4.2f, 2.0f, 0.9f, 0.9f};

  private static double naive(double[] l, double t) {
    double s = 0;
    for (double v : l) {
      s += Math.exp(t * v);
    }
    return Math.log(s / l.length) / t;
  }

  private static double[] naiveWeights(double[] l, double t) {
    double[] w = new double[l.length];
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      w[i] = Math.exp(t * l[i]);
      s += w[i];
    }
    for (int i = 0; i < l.length; i++) {
      w[i] /= s;
    }
    return w;
  }

  private static double[] d(float[] f) {
    double[] o = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      o[i] = f[i];
    }
    return o;
  }

  private static double mean(double[] l) {
    double s = 0;
    for (double v : l) {
      s += v;
    }
    return s / l.length;
  }

  @Test
  void valueAndWeightsMatchTheTextbookFormulas() {
    for (double t : new double[] {-3, -0.7, 0.2, 1, 2.5}) {
      Tilted obj = new Tilted(t);
      Tensor loss = Tensor.vector(L);
      assertEquals(naive(d(L), t), obj.reduce(loss, null).item(), 1e-5, "value at t=" + t);
      float[] w = obj.weights(loss).data();
      double[] nw = naiveWeights(d(L), t);
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        assertEquals(nw[i], w[i], 1e-6, "weight " + i + " at t=" + t);
        sum += w[i];
      }
      assertEquals(1.0, sum, 1e-6);
      assertArrayEquals(w, obj.lastWeights(), 1e-7f, "lastWeights of the last reduce");
    }
    assertNull(new Tilted(1).lastWeights());
  }

  @Test
  void gradientWithRespectToEachLossIsItsWeight() {
    Tilted obj = new Tilted(-2);
    Tensor loss = Tensor.vector(L).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(obj.reduce(loss, null));
    }
    double[] l = d(L);
    double h = 1e-5;
    for (int i = 0; i < l.length; i++) {
      double[] up = l.clone();
      double[] dn = l.clone();
      up[i] += h;
      dn[i] -= h;
      double fd = (Tilted.risk(up, -2) - Tilted.risk(dn, -2)) / (2 * h);
      assertEquals(fd, loss.grad().data()[i], 1e-6, "d risk / d l_" + i);
    }
  }

  @Test
  void gradientThroughALinearModelMatchesFiniteDifferences() {
    Rng rng = new Rng(7);
    int b = 12;
    int k = 3;
    Tensor x = Tensor.randn(rng, b, k);
    Tensor y = Tensor.randn(rng, b, 1);
    y.data()[3] += 6f; // an outlier, so that the weights differ a lot
    float[] theta0 = {0.4f, -0.3f, 0.8f};
    for (double t : new double[] {-2, 0, 0.5}) {
      Tensor theta = Tensor.of(theta0, k, 1).requiresGrad(true);
      try (Tape tape = Tape.start()) {
        Tensor perExample = MeanSquaredError.perExample(x.matmul(theta), y);
        tape.backward(new Tilted(t).reduce(perExample, null));
      }
      double h = 1e-4;
      for (int j = 0; j < k; j++) {
        double[] up = toDouble(theta0);
        double[] dn = toDouble(theta0);
        up[j] += h;
        dn[j] -= h;
        double fd = (Tilted.risk(losses(x, y, up), t) - Tilted.risk(losses(x, y, dn), t)) / (2 * h);
        assertEquals(fd, theta.grad().data()[j], 2e-3 * Math.max(1, Math.abs(fd)), "dR/dθ_" + j + " at t=" + t);
      }
    }
  }

  private static double[] toDouble(float[] f) {
    return d(f);
  }

  /** Squared errors of x·θ against y, all in double. */
  private static double[] losses(Tensor x, Tensor y, double[] theta) {
    int b = x.dim(0);
    int k = x.dim(1);
    double[] out = new double[b];
    for (int i = 0; i < b; i++) {
      double p = 0;
      for (int j = 0; j < k; j++) {
        p += x.data()[i * k + j] * theta[j];
      }
      double e = p - y.data()[i];
      out[i] = e * e;
    }
    return out;
  }

  @Test
  void zeroTiltIsTheMeanAndTinyTiltsAgreeWithoutCancellation() {
    double[] l = d(L);
    double mu = mean(l);
    double var = 0;
    for (double v : l) {
      var += (v - mu) * (v - mu);
    }
    var /= l.length;
    assertEquals(mu, Tilted.risk(l, 0), 0.0, "t = 0 is exactly the mean");
    assertEquals((float) mu, new Tilted(0).reduce(Tensor.vector(L), null).item(), 1e-7f);
    for (double t : new double[] {1e-3, 1e-6, 1e-9, 1e-12, 1e-15, -1e-9, -1e-300, Double.MIN_VALUE}) {
      double r = Tilted.risk(l, t);
      // Second-order expansion: R(t) = μ + t·σ²/2 + O(t²).
      assertEquals(mu + t * var / 2, r, Math.max(1e-14, 10 * t * t * 10), "series at t=" + t);
      assertEquals(mu, r, 1e-6 * mu + Math.abs(t) * var, "close to the mean at t=" + t);
      float fr = new Tilted(t).reduce(Tensor.vector(L), null).item();
      assertEquals(mu, fr, 1e-6 * mu + Math.abs(t) * var, "float path at t=" + t);
    }
  }

  @Test
  void largeTiltsApproachTheMaxAndTheMinWithoutOverflow() {
    double[] l = d(L);
    double max = 4.2f;
    double min = 0.05f;
    double logN = Math.log(l.length);
    for (double t : new double[] {20, 200, 1e4}) {
      double r = Tilted.risk(l, t);
      assertTrue(r <= max + 1e-12 && r >= max - logN / t, "t=" + t + ": " + r);
      double s = Tilted.risk(l, -t);
      assertTrue(s >= min - 1e-12 && s <= min + logN / t, "t=" + -t + ": " + s);
    }
    float[] big = {100f, 200f, 300f};
    float v = new Tilted(1000).reduce(Tensor.vector(big), null).item();
    assertEquals(300f - Math.log(3) / 1000, v, 1e-3, "exp(3e5) would overflow without the shift");
    float[] w = new Tilted(1000).weights(Tensor.vector(big)).data();
    assertArrayEquals(new float[] {0f, 0f, 1f}, w, 1e-6f);
  }

  @Property(tries = 200)
  void tiltedRiskIsNonDecreasingInT(@ForAll @Size(min = 1, max = 16) List<@DoubleRange(min = 0, max = 10) Double> ls,
      @ForAll @DoubleRange(min = -40, max = 40) double t1, @ForAll @DoubleRange(min = -40, max = 40) double t2) {
    double[] l = ls.stream().mapToDouble(Double::doubleValue).toArray();
    double lo = Math.min(t1, t2);
    double hi = Math.max(t1, t2);
    double a = Tilted.risk(l, lo);
    double b = Tilted.risk(l, hi);
    assertTrue(a <= b + 1e-12 * (1 + Math.abs(b)), "R(" + lo + ") = " + a + " > R(" + hi + ") = " + b);
  }

  @Test
  void namesAndArgumentErrors() {
    assertEquals("tilted(t=-2)", new Tilted(-2).name());
    assertEquals("tilted(t=0.5)", new Tilted(0.5).name());
    assertEquals("tilted(t=0.000001)", new Tilted(1e-6).name());
    assertEquals("erm", Mean.INSTANCE.name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tilted(Double.NaN));
    assertTrue(e.getMessage().contains("t") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Tilted(1).reduce(Tensor.zeros(2, 3), null));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
  }

  @Test
  void meanObjectiveIsTheMeanOnTheTape() {
    Tensor loss = Tensor.vector(L).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Tensor r = Mean.INSTANCE.reduce(loss, null);
      assertEquals(mean(d(L)), r.item(), 1e-6);
      tape.backward(r);
    }
    for (float g : loss.grad().data()) {
      assertEquals(1.0 / L.length, g, 1e-7);
    }
  }
}
