package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** The toy data follows the official generator: feature frequencies, targets and the loss. */
class AdaDpsToyTest {
  @Test
  void dataAndLossFollowTheOfficialGenerator() {
    AdaDpsToy.Data data = AdaDpsToy.generate(new Rng(666));
    int n = AdaDpsToy.N;
    int d = AdaDpsToy.D;
    double frequent = 0;
    double rare = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        float v = data.x()[i * d + j];
        if (j < AdaDpsToy.FREQUENT) {
          frequent += v;
        } else {
          rare += v;
        }
      }
    }
    assertEquals(0.9, frequent / (n * 50.0), 0.01);
    assertEquals(0.01, rare / (n * 450.0), 0.001);
    float[] wStar = new float[d];
    for (int j = 0; j < d; j++) {
      wStar[j] = j < AdaDpsToy.FREQUENT ? 0.01f : 1f;
    }
    // At w* only the label noise N(0, 0.01²) is left: ½·E[ε²] = 5e-5.
    assertEquals(5e-5, AdaDpsToy.loss(wStar, data), 1e-5);
    // At θ = 0 the loss is ½·mean(y²), computed directly.
    double s = 0;
    for (float y : data.y()) {
      s += 0.5 * y * y;
    }
    assertEquals(s / n, AdaDpsToy.loss(new float[d], data), 1e-9);
  }
}
