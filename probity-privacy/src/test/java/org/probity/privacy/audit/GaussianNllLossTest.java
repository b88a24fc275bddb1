package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GaussianNllLossTest {
  static final float[] T = {1.0f, -0.5f, 2.0f, 0.3f};
  // Rows (mu, log sigma).
  static final float[] P = {0.2f, 0.1f, 0.1f, -0.7f, 2.7f, 0.4f, -0.4f, -0.2f};

  private static Batch batch() {
    return Dataset.regression("nll", Tensor.zeros(4, 1), Tensor.wrap(T.clone(), Shape.of(4))).all();
  }

  private static double total(double[] p) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      s += GaussianNllLoss.value(T[i], p[2 * i], p[2 * i + 1]);
    }
    return s;
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Tensor pred = Tensor.of(P.clone(), 4, 2).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      GaussianNllLoss.INSTANCE.perExample(pred, batch()).sum().backward();
    }
    float[] g = pred.grad().data();
    double h = 1e-5;
    for (int j = 0; j < 8; j++) {
      double[] up = new double[8];
      double[] down = new double[8];
      for (int k = 0; k < 8; k++) {
        up[k] = P[k] + (k == j ? h : 0);
        down[k] = P[k] - (k == j ? h : 0);
      }
      double fd = (total(up) - total(down)) / (2 * h);
      assertEquals(fd, g[j], 1e-3 * Math.max(1, Math.abs(fd)), "output " + j);
    }
    // Closed forms too: dl/dmu = -(t - mu)/sigma^2, dl/dlogsigma = 1 - (t - mu)^2/sigma^2.
    for (int i = 0; i < 4; i++) {
      double u = T[i] - P[2 * i];
      double inv = Math.exp(-2 * P[2 * i + 1]);
      assertEquals(-u * inv, g[2 * i], 1e-4);
      assertEquals(1 - u * u * inv, g[2 * i + 1], 1e-4);
    }
  }

  @Test
  void valuesOnTheTapeMatchTheDoubleForm() {
    float[] v = GaussianNllLoss.INSTANCE.perExample(Tensor.of(P.clone(), 4, 2), batch()).data();
    for (int i = 0; i < 4; i++) {
      assertEquals(GaussianNllLoss.value(T[i], P[2 * i], P[2 * i + 1]), v[i], 1e-5);
    }
  }

  @Test
  void paddedTargetsReadTheirFirstColumn() {
    float[] padded = new float[8];
    for (int i = 0; i < 4; i++) {
      padded[2 * i] = T[i];
      padded[2 * i + 1] = 100f; // ignored
    }
    Batch b = Dataset.regression("nll2", Tensor.zeros(4, 1), Tensor.wrap(padded, Shape.of(4, 2))).all();
    float[] v = GaussianNllLoss.INSTANCE.perExample(Tensor.of(P.clone(), 4, 2), b).data();
    for (int i = 0; i < 4; i++) {
      assertEquals(GaussianNllLoss.value(T[i], P[2 * i], P[2 * i + 1]), v[i], 1e-5);
    }
  }

  @Test
  void minimiserOverConstantsIsTheSampleMeanAndStd() {
    // The NLL of a fixed sample is minimised at its mean and (biased) standard deviation.
    double[] s = {0.5, 1.5, 2.0, 4.0, -1.0};
    double m = 1.4;
    double var = 0;
    for (double v : s) {
      var += (v - m) * (v - m);
    }
    double logSd = 0.5 * Math.log(var / s.length);
    double best = 0;
    for (double v : s) {
      best += GaussianNllLoss.value(v, m, logSd);
    }
    for (double dm : new double[] {-0.1, 0.1}) {
      for (double dl : new double[] {-0.1, 0, 0.1}) {
        double other = 0;
        for (double v : s) {
          other += GaussianNllLoss.value(v, m + dm, logSd + dl);
        }
        assertEquals(true, other > best, "shift " + dm + ", " + dl);
      }
    }
  }

  @Test
  void wrongShapesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GaussianNllLoss.INSTANCE.perExample(Tensor.zeros(4, 1), batch()));
    assertEquals(true, e.getMessage().contains("[4, 1]"), e.getMessage());
    Batch labelled = Dataset.classification("c", Tensor.zeros(4, 1), new int[4], 2).all();
    assertThrows(IllegalArgumentException.class, () -> GaussianNllLoss.INSTANCE.perExample(Tensor.zeros(4, 2),
        labelled));
  }
}
