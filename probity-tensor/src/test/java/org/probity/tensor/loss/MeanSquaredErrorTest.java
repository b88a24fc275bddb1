package org.probity.tensor.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class MeanSquaredErrorTest {
  @Test
  void meanOverNonBatchDimensions() {
    Tensor pred = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor target = Tensor.of(new float[] {1, 0, 3, 0, 5, 9}, 2, 3);
    assertArrayEquals(new float[] {4f / 3, (16f + 9f) / 3}, MeanSquaredError.perExample(pred, target).data(), 1e-6f);
    assertArrayEquals(new float[] {4f, 0f},
        MeanSquaredError.perExample(Tensor.vector(3f, 1f), Tensor.of(new float[] {1f, 1f}, 2, 1)).data());
  }

  @Test
  void gradCheckRank2And3() {
    Rng rng = new Rng(1);
    GradCheck.verify("mse", in -> MeanSquaredError.perExample(in[0], in[1]), Tensor.randn(rng, 3, 4),
        Tensor.randn(rng, 3, 4));
    GradCheck.verify("mse rank 3", in -> MeanSquaredError.perExample(in[0], in[1]), Tensor.randn(rng, 2, 2, 3),
        Tensor.randn(rng, 2, 2, 3));
  }

  @Test
  void rejectsMismatchedShapes() {
    assertThrows(IllegalArgumentException.class, () -> MeanSquaredError.perExample(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
  }
}
