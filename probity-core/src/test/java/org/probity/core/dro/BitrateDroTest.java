package org.probity.core.dro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class BitrateDroTest {
  /**
   * 2·half rows: the first half labelled 0, the second a copy of it labelled 1, with the loss of a
   * row exp(x0): both labels see the same losses, and the loss is a simple function of the features.
   */
  private static Batch batch(int half, Rng rng, float[] lossesOut) {
    int b = 2 * half;
    float[] x = new float[b * 3];
    int[] y = new int[b];
    int[] idx = new int[b];
    for (int i = 0; i < half; i++) {
      for (int k = 0; k < 3; k++) {
        x[i * 3 + k] = (float) rng.nextGaussian();
        x[(i + half) * 3 + k] = x[i * 3 + k];
      }
      y[i + half] = 1;
      lossesOut[i] = (float) Math.exp(x[i * 3]);
      lossesOut[i + half] = lossesOut[i];
    }
    for (int i = 0; i < b; i++) {
      idx[i] = i;
    }
    return new Batch(Tensor.wrap(x, Shape.of(b, 3)), y, null, null, null, idx);
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void aHugeBitratePenaltyLeavesALabelOnlyAdversaryAndTheMean() {
    float[] l = new float[64];
    Batch b = batch(32, new Rng(2), l);
    BitrateDro dro = new BitrateDro(BitrateDro.Config.of(0.2, 1e4).withAdversaryLr(0.01), 3, 2, new Rng(9));
    double risk = 0;
    for (int t = 0; t < 400; t++) {
      risk = dro.reduce(Tensor.vector(l), b).item();
    }
    float[] eta = dro.weights(b.x(), b.labels());
    for (int y = 0; y < 2; y++) {
      double lo = 1;
      double hi = 0;
      for (int i = 32 * y; i < 32 * (y + 1); i++) {
        lo = Math.min(lo, eta[i]);
        hi = Math.max(hi, eta[i]);
      }
      assertTrue(hi - lo < 0.02, "label " + y + ": eta spread " + (hi - lo));
    }
    assertTrue(dro.lastRound().meanKl() < 0.01, "kl " + dro.lastRound().meanKl());
    // Weights constant within each label, and both labels have the same losses: exactly the mean.
    assertEquals(mean(l), risk, 0.01 * mean(l));
  }

  @Test
  void withoutThePenaltyTheAdversaryUpWeightsTheHighLossRows() {
    float[] l = new float[64];
    Batch b = batch(32, new Rng(2), l);
    BitrateDro dro = new BitrateDro(BitrateDro.Config.of(0.2, 0).withAdversaryLr(0.05), 3, 2, new Rng(9));
    double risk = 0;
    for (int t = 0; t < 400; t++) {
      risk = dro.reduce(Tensor.vector(l), b).item();
    }
    assertTrue(risk > 1.5 * mean(l), "risk " + risk + " vs mean " + mean(l));
    assertEquals(0.2, mean(dro.weights(b.x(), b.labels())), 1e-4);
  }

  @Test
  void theLearnerGradientIsTheNormalisedExpectedEta() {
    float[] l = new float[20];
    Batch b = batch(10, new Rng(4), l);
    BitrateDro dro = new BitrateDro(BitrateDro.Config.of(0.3, 0.1), 3, 2, new Rng(1));
    Tensor losses = Tensor.vector(l).requiresGrad(true);
    float value;
    try (Tape tape = Tape.start()) {
      Tensor r = dro.reduce(losses, b);
      value = r.item();
      tape.backward(r);
    }
    float[] eta = dro.weights(b.x(), b.labels());
    assertEquals(0.3, mean(eta), 1e-4);
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < 20; i++) {
      total += eta[i];
      weighted += eta[i] * l[i];
    }
    assertEquals(weighted / total, value, 1e-5);
    for (int i = 0; i < 20; i++) {
      float g = losses.grad().data()[i];
      assertEquals(eta[i] / total, g, 1e-6, "position " + i);
      assertTrue(g >= 0 && g <= 1);
    }
  }

  @Test
  void theShiftHitsTheMassAndAlphaOneIsErm() {
    Rng rng = new Rng(8);
    for (double alpha : new double[] {0.01, 0.2, 0.5, 0.97}) {
      float[] a = new float[50];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (5 * rng.nextGaussian());
      }
      float[] eta = BitrateDro.calibrated(a, alpha);
      assertEquals(alpha, mean(eta), 1e-6, "alpha " + alpha);
      // The shift keeps the adversary's order.
      for (int i = 1; i < a.length; i++) {
        assertEquals(Float.compare(a[i], a[0]) > 0, eta[i] > eta[0] || (a[i] > a[0] && eta[i] == eta[0]));
      }
    }
    float[] l = new float[16];
    Batch b = batch(8, new Rng(4), l);
    BitrateDro erm = new BitrateDro(BitrateDro.Config.of(1.0, 0.1), 3, 2, new Rng(5));
    for (int t = 0; t < 5; t++) {
      assertEquals(mean(l), erm.reduce(Tensor.vector(l), b).item(), 1e-5);
    }
  }

  @Test
  void repeatsExactlyFromItsSeed() {
    float[] l = new float[16];
    Batch b = batch(8, new Rng(4), l);
    BitrateDro a = new BitrateDro(BitrateDro.Config.of(0.2, 0.1), 3, 2, new Rng(5));
    BitrateDro c = new BitrateDro(BitrateDro.Config.of(0.2, 0.1), 3, 2, new Rng(5));
    for (int t = 0; t < 5; t++) {
      assertEquals(a.reduce(Tensor.vector(l), b).item(), c.reduce(Tensor.vector(l), b).item());
    }
  }

  @Test
  void configRejectsOutOfRangeValues() {
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(1.2, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0.2, -1));
    assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("-1"));
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0.2, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0.2, 1).withZDim(0));
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0.2, 1).withAdversaryLr(0));
    assertThrows(IllegalArgumentException.class, () -> BitrateDro.Config.of(0.2, 1).withAdversarySteps(0));
    BitrateDro dro = new BitrateDro(BitrateDro.Config.of(0.2, 1), 3, 2, new Rng(1));
    e = assertThrows(IllegalArgumentException.class, () -> dro.reduce(Tensor.vector(1f),
        new Batch(Tensor.zeros(1, 3), null, null, null, null, new int[] {0})));
    assertTrue(e.getMessage().contains("label"));
  }
}
