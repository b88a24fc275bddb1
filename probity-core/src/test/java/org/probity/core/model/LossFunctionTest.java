package org.probity.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class LossFunctionTest {
  private final Rng rng = new Rng(8);
  private final Dataset cls = Dataset.classification("cls", Tensor.randn(rng, 3, 2), new int[] {0, 1, 1}, 2);
  private final Dataset multi = Dataset.classification("multi", Tensor.randn(rng, 3, 2), new int[] {0, 2, 1}, 3);
  private final Dataset reg = Dataset.regression("reg", Tensor.randn(rng, 3, 2), Tensor.vector(1, 2, 3));

  @Test
  void naturalLossPerModel() {
    assertEquals("binary_logistic", LossFunction.forModel(ModelSpec.logistic(), cls).name());
    assertEquals("cross_entropy", LossFunction.forModel(ModelSpec.softmax(), multi).name());
    assertEquals("cross_entropy(smoothing=0.1)", LossFunction.forModel(ModelSpec.of("mlp"), multi, 0.1).name());
    assertEquals("multiclass_hinge", LossFunction.forModel(ModelSpec.linearSvm(), multi).name());
    assertEquals("mse", LossFunction.forModel(ModelSpec.linear(), reg).name());
    assertEquals("mse", LossFunction.forModel(ModelSpec.mlp(List.of(4), "relu", 0), reg).name());
    ModelSpecException e = assertThrows(ModelSpecException.class, () -> LossFunction.forModel(ModelSpec.softmax(), reg));
    assertTrue(e.getMessage().contains("regression targets"), e.getMessage());
    assertThrows(ModelSpecException.class, () -> LossFunction.forModel(ModelSpec.logistic(), multi));
  }

  @Test
  void binaryLogisticByHand() {
    Batch b = cls.all();
    Tensor z = Tensor.of(new float[] {0.5f, -1f, 2f}, 3, 1);
    float[] l = LossFunction.binaryLogistic().perExample(z, b).data();
    float[] zz = {0.5f, -1f, 2f};
    int[] y = {0, 1, 1};
    for (int i = 0; i < 3; i++) {
      double p = 1 / (1 + Math.exp(-zz[i]));
      assertEquals(-(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)), l[i], 1e-6);
    }
  }

  @Test
  void crossEntropyHingeAndMseByHand() {
    Tensor z = Tensor.of(new float[] {1, 2, 0, 0, 0, 3, 1, 1, 1}, 3, 3);
    float[] ce = LossFunction.crossEntropy().perExample(z, multi.all()).data();
    assertEquals(Math.log(Math.exp(1) + Math.exp(2) + 1) - 1, ce[0], 1e-6);
    float[] h = LossFunction.multiclassHinge().perExample(z, multi.all()).data();
    // Row 0, label 0: max(0, 1-1+2) + max(0, 1-1+0) = 2 + 0 over 3 classes.
    assertEquals(2.0 / 3, h[0], 1e-6);
    float[] mse = LossFunction.meanSquaredError().perExample(Tensor.of(new float[] {1, 0, 5}, 3, 1), reg.all()).data();
    assertEquals(0, mse[0], 1e-6);
    assertEquals(4, mse[1], 1e-6);
    assertEquals(4, mse[2], 1e-6);
  }

  @Test
  void mismatchesFailClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossFunction.meanSquaredError().perExample(Tensor.zeros(3, 1), cls.all()));
    assertTrue(e.getMessage().contains("no regression targets"), e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> LossFunction.binaryLogistic().perExample(Tensor.zeros(3, 2), cls.all()));
    assertTrue(e2.getMessage().contains("one logit per example"), e2.getMessage());
  }
}
