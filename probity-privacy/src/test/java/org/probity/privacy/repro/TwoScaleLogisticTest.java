package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** The notes' generator: feature scales as configured and the notes' Bayes accuracy (≈ 0.837). */
class TwoScaleLogisticTest {
  @Test
  void scalesAndBayesAccuracyMatchTheNotes() {
    TwoScaleLogistic.Config c = TwoScaleLogistic.Config.notes();
    TwoScaleLogistic.Task t = TwoScaleLogistic.generate(c, 4000, 10, 4000, new Rng(3));
    float[] x = t.train().features().data();
    int d = c.dim();
    for (int j : new int[] {0, 19, 20, 199}) {
      double s = 0;
      for (int i = 0; i < 4000; i++) {
        s += (double) x[i * d + j] * x[i * d + j];
      }
      double want = j < 20 ? 5.0 : 0.2;
      assertEquals(want, Math.sqrt(s / 4000), 0.05 * want, "scale of feature " + j);
    }
    // Nearly all of the logit's variance sits in the 180 low-scale coordinates.
    double high = 0;
    double all = 0;
    for (int j = 0; j < d; j++) {
      double v = c.scales()[j] * c.scales()[j] * t.weights()[j] * t.weights()[j];
      all += v;
      high += j < 20 ? v : 0;
    }
    assertEquals(9.0, all, 1e-9, "logit variance = signal²");
    assertEquals(0, high / all, 0.02);
    assertEquals(0.837, TwoScaleLogistic.bayesAccuracy(t, t.test()), 0.02);
  }
}
