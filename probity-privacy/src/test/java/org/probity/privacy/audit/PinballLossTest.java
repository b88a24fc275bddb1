package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PinballLossTest {
  @Test
  void gradientMatchesFiniteDifferences() {
    double tau = 0.9;
    PinballLoss loss = new PinballLoss(tau);
    float[] t = {1.0f, -0.5f, 2.0f, 0.3f};
    float[] q = {0.2f, 0.1f, 2.7f, -0.4f};
    Dataset d = Dataset.regression("pin", Tensor.zeros(4, 1), Tensor.wrap(t.clone(), Shape.of(4)));
    Batch b = d.all();
    Tensor pred = Tensor.of(q.clone(), 4, 1).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      loss.perExample(pred, b).sum().backward();
    }
    float[] g = pred.grad().data();
    double h = 1e-4;
    for (int i = 0; i < 4; i++) {
      double up = 0;
      double down = 0;
      for (int j = 0; j < 4; j++) {
        double qj = q[j];
        up += loss.value(t[j], j == i ? qj + h : qj);
        down += loss.value(t[j], j == i ? qj - h : qj);
      }
      assertEquals((up - down) / (2 * h), g[i], 1e-4, "example " + i);
    }
    // And the values themselves, on the tape, against the double form.
    float[] v = loss.perExample(Tensor.of(q.clone(), 4, 1), b).data();
    for (int i = 0; i < 4; i++) {
      assertEquals(loss.value(t[i], q[i]), v[i], 1e-6);
    }
  }

  @Test
  void constantMinimiserIsTheQuantile() {
    PinballLoss loss = new PinballLoss(0.8);
    double[] s = new double[100];
    for (int i = 0; i < 100; i++) {
      s[i] = i;
    }
    double best = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double c = 0; c <= 99; c += 0.5) {
      double l = 0;
      for (double v : s) {
        l += loss.value(v, c);
      }
      if (l < bestLoss - 1e-9) {
        bestLoss = l;
        best = c;
      }
    }
    assertEquals(79.0, best, 1.0);
  }

  @Test
  void badLevelIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PinballLoss(1.0));
  }
}
