package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class LinearTest {
  @Test
  void forwardMatchesNaiveLoopsOnSequenceInput() {
    Rng rng = new Rng(1);
    Linear lin = new Linear(5, 3, rng);
    Tensor x = Tensor.randn(rng, 2, 4, 5);
    Tensor y = lin.forward(x);
    assertEquals(Shape.of(2, 4, 3), y.shape());
    float[] w = lin.weight().data();
    float[] b = lin.bias().data();
    for (int r = 0; r < 8; r++) {
      for (int o = 0; o < 3; o++) {
        double s = b[o];
        for (int i = 0; i < 5; i++) {
          s += (double) x.data()[r * 5 + i] * w[o * 5 + i];
        }
        assertEquals(s, y.data()[r * 3 + o], 1e-5);
      }
    }
  }

  @Test
  void defaultInitIsPyTorchsUniform() {
    Linear lin = new Linear(100, 200, new Rng(2));
    double bound = 0.1;
    double sq = 0;
    for (float v : lin.weight().data()) {
      assertTrue(Math.abs(v) <= bound, "weight " + v + " outside U(-0.1, 0.1)");
      sq += v * v;
    }
    for (float v : lin.bias().data()) {
      assertTrue(Math.abs(v) <= bound, "bias " + v + " outside U(-0.1, 0.1)");
    }
    assertEquals(bound / Math.sqrt(3), Math.sqrt(sq / 20000), 0.002);
    assertEquals(Shape.of(200, 100), lin.weight().shape());
    assertEquals(Shape.of(200), lin.bias().shape());
    assertEquals(java.util.List.of("weight", "bias"), lin.params().names());
    assertTrue(lin.weight().requiresGrad());
  }

  @Test
  void withoutBias() {
    Linear lin = new Linear(3, 2, false, new Rng(3));
    assertNull(lin.bias());
    assertEquals(java.util.List.of("weight"), lin.params().names());
    Tensor x = Tensor.randn(new Rng(4), 4, 3);
    GradCheck.verify("linear without bias", in -> lin.forward(in[0]), x, lin.weight());
  }

  @Test
  void gradCheckRank2() {
    Rng rng = new Rng(5);
    Linear lin = new Linear(4, 3, rng);
    Tensor x = Tensor.randn(rng, 5, 4);
    GradCheck.verify("linear [B, in]", in -> lin.forward(in[0]), x, lin.weight(), lin.bias());
  }

  @Test
  void gradCheckSequenceInput() {
    Rng rng = new Rng(6);
    Linear lin = new Linear(4, 3, rng);
    Tensor x = Tensor.randn(rng, 2, 3, 4);
    GradCheck.verify("linear [B, T, in]", in -> lin.forward(in[0]), x, lin.weight(), lin.bias());
  }

  @Test
  void frozenWeightGetsNoGradientButInputDoes() {
    Rng rng = new Rng(7);
    Linear lin = new Linear(3, 2, rng);
    lin.weight().requiresGrad(false);
    lin.bias().requiresGrad(false);
    Tensor x = Tensor.randn(rng, 2, 3).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(PerExampleCheck.weightedSum(lin.forward(x), new float[] {1, 0, 0, 1}));
    }
    assertNull(lin.weight().grad());
    float[] w = lin.weight().data();
    assertArrayEquals(new float[] {w[0], w[1], w[2], w[3], w[4], w[5]}, x.grad().data(), 1e-6f);
  }

  @Test
  void rejectsMismatchedInput() {
    Linear lin = new Linear(4, 3, new Rng(8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lin.forward(Tensor.zeros(2, 5)));
    assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(4)));
  }

  @Test
  void perExampleRank2() {
    Rng rng = new Rng(9);
    Linear lin = new Linear(6, 4, rng);
    Tensor x = Tensor.randn(rng, 5, 6);
    PerExampleCheck.verify("linear 2-D", lin, x, PerExampleCheck.weightedSumLoss(Shape.of(5, 4), 10));
  }

  @Test
  void perExampleSequenceGramPath() {
    // T·(in+out) = 3·14 <= in·out = 48: norms by the Gram identity.
    Rng rng = new Rng(11);
    Linear lin = new Linear(8, 6, rng);
    Tensor x = Tensor.randn(rng, 4, 3, 8);
    PerExampleCheck.verify("linear 3-D gram", lin, x, PerExampleCheck.weightedSumLoss(Shape.of(4, 3, 6), 12));
  }

  @Test
  void perExampleSequenceMaterialisedPath() {
    // T·(in+out) = 7·14 > 48: norms by materialising each example's gradient.
    Rng rng = new Rng(13);
    Linear lin = new Linear(8, 6, rng);
    Tensor x = Tensor.randn(rng, 3, 7, 8);
    PerExampleCheck.verify("linear 3-D materialised", lin, x, PerExampleCheck.weightedSumLoss(Shape.of(3, 7, 6), 14));
  }

  @Test
  void perExampleRank4Input() {
    Rng rng = new Rng(15);
    Linear lin = new Linear(3, 2, false, rng);
    Tensor x = Tensor.randn(rng, 3, 2, 2, 3);
    PerExampleCheck.verify("linear 4-D", lin, x, PerExampleCheck.weightedSumLoss(Shape.of(3, 2, 2, 2), 16));
  }

  @Test
  void gramAndMaterialisedNormsAgree() {
    Rng rng = new Rng(17);
    int b = 3;
    int t = 5;
    int in = 7;
    int o = 4;
    float[] a = Tensor.randn(rng, b * t * in).data();
    float[] g = Tensor.randn(rng, b * t * o).data();
    float[] gram = LinearGradSampler.gramNorms(a, g, b, t, in, o);
    float[] mat = LinearGradSampler.materialisedNorms(a, g, b, t, in, o);
    assertTrue(PerExampleCheck.relErr(gram, mat, 0, b) < 1e-5);
    // and both against the naive triple loop
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int r = 0; r < o; r++) {
        for (int c = 0; c < in; c++) {
          double v = 0;
          for (int k = 0; k < t; k++) {
            v += (double) g[(i * t + k) * o + r] * a[(i * t + k) * in + c];
          }
          s += v * v;
        }
      }
      assertEquals(s, mat[i], 1e-4 * s);
    }
  }
}
