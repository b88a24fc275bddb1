package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * {@link PerExample.Mode#WEIGHTED}: the squared norms equal those of the materialised per-example
 * gradients, and {@link PerExample#assignWeightedGradients} equals Σ_i w_i·g_i computed from them,
 * both for Linear (which defers its gradients and skips them in the backward pass) and for layers
 * that hand over materialised gradients instead (Conv2d, LayerNorm).
 */
class WeightedPerExampleTest {
  private static final double TOL = 1e-5;

  /** Runs both collectors on the same batch and compares norms and weighted sums. */
  private static void check(String name, Module model, Tensor x, BiFunction<Tensor, int[], Tensor> loss) {
    List<Tensor> params = model.params().tensors();
    int b = x.dim(0);
    int[] all = new int[b];
    for (int i = 0; i < b; i++) {
      all[i] = i;
    }
    model.params().zeroGrad();
    PerExample full = PerExample.forGradients();
    try (Tape tape = Tape.start(full)) {
      tape.backward(loss.apply(model.forward(x), all));
    }
    float[] expectedNorms = full.squaredNorms().toArray();
    float[] w = new float[b];
    Rng rng = new Rng(b);
    for (int i = 0; i < b; i++) {
      w[i] = i == 0 ? 0f : (float) rng.nextDouble();
    }

    model.params().zeroGrad();
    PerExample weighted = PerExample.forWeightedSum();
    try (Tape tape = Tape.start(weighted)) {
      tape.backward(loss.apply(model.forward(x), all));
    }
    double e = PerExampleCheck.relErr(weighted.squaredNorms().toArray(), expectedNorms, 0, b);
    assertTrue(e <= TOL, name + ": weighted-mode norms differ from materialised ones by " + e);
    weighted.assignWeightedGradients(w);
    for (Tensor p : params) {
      assertTrue(weighted.covers(p), name + ": parameter " + p.shape() + " not covered");
      float[] per = full.gradient(p).data();
      float[] expected = new float[p.size()];
      for (int i = 0; i < b; i++) {
        for (int k = 0; k < expected.length; k++) {
          expected[k] += w[i] * per[i * p.size() + k];
        }
      }
      double err = PerExampleCheck.relErr(p.grad().data(), expected, 0, p.size());
      assertTrue(err <= TOL, name + ": weighted gradient of " + p.shape() + " off by " + err);
    }
    model.params().zeroGrad();
  }

  @Test
  void linearOnRankTwoInput() {
    Linear lin = new Linear(6, 4, new Rng(1));
    check("linear 2-D", lin, Tensor.randn(new Rng(2), 5, 6), PerExampleCheck.weightedSumLoss(Shape.of(5, 4), 3));
  }

  @Test
  void linearOnSequences() {
    Linear lin = new Linear(5, 3, new Rng(4));
    check("linear 3-D", lin, Tensor.randn(new Rng(5), 4, 3, 5), PerExampleCheck.weightedSumLoss(Shape.of(4, 3, 3), 6));
  }

  @Test
  void mlp() {
    Sequential mlp = new Sequential(new Linear(7, 5, new Rng(7)), new ReLU(), new Linear(5, 3, new Rng(8)));
    check("mlp", mlp, Tensor.randn(new Rng(9), 6, 7), PerExampleCheck.weightedSumLoss(Shape.of(6, 3), 10));
  }

  @Test
  void layersWithoutDeferralHandOverMaterialisedGradients() {
    Sequential net = new Sequential(new Conv2d(2, 3, 3, 1, 1, new Rng(11)), new Flatten(), new LayerNorm(48),
        new Linear(48, 4, new Rng(12)));
    check("conv+layernorm+linear", net, Tensor.randn(new Rng(13), 3, 2, 4, 4),
        PerExampleCheck.weightedSumLoss(Shape.of(3, 4), 14));
  }

  @Test
  void linearSkipsItsOrdinaryGradientAndUnitWeightsReproduceItExactly() {
    Linear lin = new Linear(8, 5, new Rng(20));
    Tensor x = Tensor.randn(new Rng(21), 6, 8);
    BiFunction<Tensor, int[], Tensor> loss = PerExampleCheck.weightedSumLoss(Shape.of(6, 5), 22);
    int[] all = {0, 1, 2, 3, 4, 5};
    try (Tape tape = Tape.start()) {
      tape.backward(loss.apply(lin.forward(x), all));
    }
    float[] dw = lin.weight().grad().toArray();
    float[] db = lin.bias().grad().toArray();
    lin.params().zeroGrad();
    PerExample weighted = PerExample.forWeightedSum();
    try (Tape tape = Tape.start(weighted)) {
      tape.backward(loss.apply(lin.forward(x), all));
    }
    assertNull(lin.weight().grad(), "the weighted pass must leave the weight gradient to the weighted sum");
    weighted.assignWeightedGradients(new float[] {1, 1, 1, 1, 1, 1});
    assertArrayEquals(dw, lin.weight().grad().toArray(), 0f);
    assertArrayEquals(db, lin.bias().grad().toArray(), 0f);
  }

  @Test
  void weightSharingIsRefused() {
    Linear lin = new Linear(4, 4, new Rng(30));
    Tensor x = Tensor.randn(new Rng(31), 3, 4);
    PerExample weighted = PerExample.forWeightedSum();
    try (Tape tape = Tape.start(weighted)) {
      Tensor y = lin.forward(lin.forward(x));
      assertThrows(IllegalStateException.class, () -> tape.backward(PerExampleCheck.sum(y.sum(1, false))));
    }
  }
}
