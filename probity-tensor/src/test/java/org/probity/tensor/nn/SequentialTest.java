package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.CrossEntropy;

class SequentialTest {
  @Test
  void namesParametersByIndexLikePyTorch() {
    Rng rng = new Rng(1);
    Sequential inner = new Sequential(new Linear(3, 3, rng), new ReLU());
    Sequential s = new Sequential(new Linear(4, 3, rng), inner, new Linear(3, 2, false, rng), new LayerNorm(2));
    assertEquals(List.of("0.weight", "0.bias", "1.0.weight", "1.0.bias", "2.weight", "3.weight", "3.bias"),
        s.params().names());
    assertSame(((Linear) s.get(0)).weight(), s.params().get("0.weight"));
    assertEquals(4 * 3 + 3 + 9 + 3 + 6 + 2 + 2, s.params().count());
  }

  @Test
  void forwardChainsLayers() {
    Rng rng = new Rng(2);
    Linear a = new Linear(4, 3, rng);
    Linear b = new Linear(3, 2, rng);
    Tensor x = Tensor.randn(rng, 5, 4);
    assertArrayEquals(b.forward(a.forward(x)).data(), new Sequential(a, b).forward(x).data());
  }

  @Test
  void setTrainingReachesNestedDropout() {
    Dropout d = new Dropout(0.5, new Rng(3));
    Sequential s = new Sequential(new Sequential(d));
    s.setTraining(false);
    Tensor x = Tensor.randn(new Rng(4), 10, 10);
    assertSame(x, s.forward(x));
    s.setTraining(true);
    assertTrue(d.training());
  }

  @Test
  void gradCheckMlpWithCrossEntropy() {
    Rng rng = new Rng(5);
    Linear l1 = new Linear(4, 5, rng);
    Linear l2 = new Linear(5, 3, rng);
    Sequential mlp = new Sequential(l1, new Tanh(), l2);
    Tensor x = Tensor.randn(rng, 4, 4);
    int[] y = {0, 2, 1, 2};
    GradCheck.verify("mlp", in -> CrossEntropy.perExample(mlp.forward(in[0]), y), x, l1.weight(), l1.bias(),
        l2.weight(), l2.bias());
  }

  @Test
  void perExampleMlpWithCrossEntropy() {
    Rng rng = new Rng(6);
    Sequential mlp = new Sequential(new Linear(6, 8, rng), new ReLU(), new Linear(8, 8, rng), new GELU(),
        new Linear(8, 4, rng));
    Tensor x = Tensor.randn(rng, 5, 6);
    int[] labels = {3, 0, 1, 1, 2};
    PerExampleCheck.verify("mlp", mlp, x, (out, idx) -> {
      int[] y = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        y[i] = labels[idx[i]];
      }
      return PerExampleCheck.sum(CrossEntropy.perExample(out, y));
    });
  }

  @Test
  void perExampleSequenceModelWithEmbeddingLayerNormLinear() {
    Rng rng = new Rng(7);
    Sequential m = new Sequential(new Embedding(9, 6, rng), new LayerNorm(6), new Linear(6, 5, rng), new Tanh(),
        new Linear(5, 3, rng));
    float[] ids = {1, 4, 4, 8, 0, 0, 2, 7, 3, 3, 3, 1};
    Tensor x = Tensor.of(ids, 3, 4);
    PerExampleCheck.verify("embedding-layernorm-linear", m, x, PerExampleCheck.weightedSumLoss(Shape.of(3, 4, 3), 8));
  }

  @Test
  void rejectsNullLayer() {
    assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
  }
}
