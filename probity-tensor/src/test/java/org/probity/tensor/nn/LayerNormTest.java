package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class LayerNormTest {
  private static LayerNorm randomAffine(int dim, long seed) {
    LayerNorm ln = new LayerNorm(dim);
    Rng rng = new Rng(seed);
    Init.uniform(ln.weight(), 1.0, rng);
    Init.uniform(ln.bias(), 1.0, rng);
    return ln;
  }

  @Test
  void defaultsAndNormalisedRows() {
    LayerNorm ln = new LayerNorm(4);
    assertEquals(1e-5, ln.eps());
    Tensor y = ln.forward(Tensor.of(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, 2, 4));
    // Row 1: mean 2.5, population variance 1.25.
    double rs = 1 / Math.sqrt(1.25 + 1e-5);
    assertEquals(-1.5 * rs, y.data()[0], 1e-5);
    assertEquals(1.5 * rs, y.data()[3], 1e-5);
    // Row 2: mean 11, variance 3.
    assertEquals(-1 / Math.sqrt(3 + 1e-5), y.data()[4], 1e-5);
    assertEquals(3 / Math.sqrt(3 + 1e-5), y.data()[7], 1e-5);
    for (float w : ln.weight().data()) {
      assertEquals(1f, w);
    }
    for (float b : ln.bias().data()) {
      assertEquals(0f, b);
    }
  }

  @Test
  void affineAndCustomEps() {
    LayerNorm ln = new LayerNorm(2, 0.5);
    ln.weight().data()[1] = 3f;
    ln.bias().data()[0] = 7f;
    Tensor y = ln.forward(Tensor.of(new float[] {0, 2}, 1, 2));
    double rs = 1 / Math.sqrt(1 + 0.5);
    assertEquals(7 - rs, y.data()[0], 1e-6);
    assertEquals(3 * rs, y.data()[1], 1e-6);
  }

  @Test
  void gradCheckRank2AndRank3() {
    LayerNorm ln = randomAffine(5, 1);
    Tensor x = Tensor.randn(new Rng(2), 3, 5);
    GradCheck.verify("layerNorm [B, D]", in -> ln.forward(in[0]), x, ln.weight(), ln.bias());
    Tensor x3 = Tensor.randn(new Rng(3), 2, 3, 5);
    GradCheck.verify("layerNorm [B, T, D]", in -> ln.forward(in[0]), x3, ln.weight(), ln.bias());
  }

  @Test
  void rejectsWrongLastDimension() {
    LayerNorm ln = new LayerNorm(4);
    assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(2, 3)));
    assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4, 0));
  }

  @Test
  void perExample2dAnd3d() {
    LayerNorm ln = randomAffine(6, 4);
    PerExampleCheck.verify("layerNorm 2-D", ln, Tensor.randn(new Rng(5), 4, 6),
        PerExampleCheck.weightedSumLoss(Shape.of(4, 6), 6));
    PerExampleCheck.verify("layerNorm 3-D", ln, Tensor.randn(new Rng(7), 3, 5, 6),
        PerExampleCheck.weightedSumLoss(Shape.of(3, 5, 6), 8));
  }
}
