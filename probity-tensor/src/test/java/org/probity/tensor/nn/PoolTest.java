package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class PoolTest {
  /** Values spaced 0.1 apart in random order, so no window has a tie within the finite-difference step. */
  private static Tensor distinct(Rng rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    int[] p = rng.permutation(t.size());
    for (int i = 0; i < p.length; i++) {
      t.data()[i] = 0.1f * p[i] - 0.05f * p.length;
    }
    return t;
  }

  private static double[] naive(Tensor x, int k, int s, boolean max) {
    int b = x.dim(0);
    int c = x.dim(1);
    int oh = (x.dim(2) - k) / s + 1;
    int ow = (x.dim(3) - k) / s + 1;
    double[] out = new double[b * c * oh * ow];
    int o = 0;
    for (int n = 0; n < b; n++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int u = 0; u < k; u++) {
              for (int v = 0; v < k; v++) {
                double e = x.get(n, ch, i * s + u, j * s + v);
                acc = max ? Math.max(acc, e) : acc + e / (k * k);
              }
            }
            out[o++] = acc;
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}x{1} kernel {2} stride {3}")
  @CsvSource({"4, 4, 2, 2", "5, 7, 2, 2", "5, 6, 3, 1", "6, 5, 3, 2", "3, 3, 3, 3", "4, 4, 1, 1"})
  void forwardMatchesNaiveLoops(int h, int w, int k, int s) {
    Rng rng = new Rng(h * 31 + w);
    Tensor x = Tensor.randn(rng, 2, 3, h, w);
    double[] wantMax = naive(x, k, s, true);
    double[] wantAvg = naive(x, k, s, false);
    Tensor maxOut = new MaxPool2d(k, s).forward(x);
    Tensor avgOut = new AvgPool2d(k, s).forward(x);
    assertEquals((h - k) / s + 1, maxOut.dim(2));
    assertEquals((w - k) / s + 1, avgOut.dim(3));
    for (int i = 0; i < wantMax.length; i++) {
      assertEquals(wantMax[i], maxOut.data()[i], 0.0);
      assertEquals(wantAvg[i], avgOut.data()[i], 1e-5);
    }
  }

  @ParameterizedTest(name = "{0}x{1} kernel {2} stride {3}")
  @CsvSource({"4, 4, 2, 2", "5, 7, 2, 2", "5, 6, 3, 1", "6, 5, 3, 2"})
  void gradientsMatchFiniteDifferences(int h, int w, int k, int s) {
    Rng rng = new Rng(h * 7 + w);
    MaxPool2d max = new MaxPool2d(k, s);
    AvgPool2d avg = new AvgPool2d(k, s);
    GradCheck.verify("maxpool2d", in -> max.forward(in[0]), distinct(rng, 2, 2, h, w));
    GradCheck.verify("avgpool2d", in -> avg.forward(in[0]), Tensor.randn(rng, 2, 2, h, w));
  }

  @Test
  void maxPoolGradientGoesToTheFirstMaximumOfATie() {
    Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 2, 3, 3, 1, 0}, 1, 1, 3, 3).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Tensor y = new MaxPool2d(2, 1).forward(x);
      assertArrayEquals(new float[] {3, 3, 3, 3}, y.data());
      tape.backward(Conv2dTest.sum(y));
    }
    // Window (0,1) holds three 3s; its gradient goes to the first in row-major order, flat index 1,
    // which window (0,0) also picked. Windows (1,0) and (1,1) pick flat indices 6 and 5.
    assertArrayEquals(new float[] {0, 2, 0, 0, 0, 1, 1, 0, 0}, x.grad().data());
  }

  @Test
  void errorsNameTheLayerAndTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2d(3, 1).forward(Tensor.zeros(1, 2, 2, 5)));
    assertTrue(e.getMessage().contains("MaxPool2d") && e.getMessage().contains("[1, 2, 2, 5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2).forward(Tensor.zeros(4, 4)));
    assertTrue(e.getMessage().contains("AvgPool2d") && e.getMessage().contains("[4, 4]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0, 1));
  }
}
