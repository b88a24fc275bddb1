package org.probity.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

class ModelsTest {
  private static Module build(ModelSpec spec, Shape shape, int outputs) {
    return Models.build(spec, shape, outputs, new Rng(1));
  }

  @Test
  void linearModelsHaveClosedFormParameterCounts() {
    assertEquals(10 + 1, build(ModelSpec.logistic(), Shape.of(10), 2).params().count());
    assertEquals(3 * 10 + 3, build(ModelSpec.softmax(), Shape.of(10), 3).params().count());
    assertEquals(3 * 10 + 3, build(ModelSpec.linearSvm(), Shape.of(10), 3).params().count());
    assertEquals(10 + 1, build(ModelSpec.linear(), Shape.of(10), 1).params().count());
    // Image-shaped examples are flattened first.
    Module m = build(ModelSpec.softmax(), Shape.of(1, 4, 4), 3);
    assertEquals(3 * 16 + 3, m.params().count());
    assertArrayEquals(new int[] {5, 3}, m.forward(Tensor.zeros(5, 1, 4, 4)).shape().dims());
  }

  @Test
  void mlpCountAndShape() {
    Module m = build(ModelSpec.mlp(List.of(8, 4), "tanh", 0.2), Shape.of(10), 3);
    assertEquals((10 * 8 + 8) + (8 * 4 + 4) + (4 * 3 + 3), m.params().count());
    assertArrayEquals(new int[] {7, 3}, m.forward(Tensor.zeros(7, 10)).shape().dims());
  }

  @Test
  void cnnOnFlatDigitsAndOnMnistImages() {
    int convs = (6 * 1 * 25 + 6) + (16 * 6 * 25 + 16);
    // 8x8 -> pool 4x4 -> pool 2x2: 16*2*2 = 64 features into the dense layers.
    Module digits = build(ModelSpec.cnn(8), Shape.of(64), 10);
    assertEquals(convs + (64 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10), digits.params().count());
    assertArrayEquals(new int[] {3, 10}, digits.forward(Tensor.zeros(3, 64)).shape().dims());
    // 28x28 -> 14x14 -> 7x7: 16*49 = 784.
    Module mnist = build(ModelSpec.cnn(null), Shape.of(1, 28, 28), 10);
    assertEquals(convs + (784 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10), mnist.params().count());
    assertArrayEquals(new int[] {2, 10}, mnist.forward(Tensor.zeros(2, 1, 28, 28)).shape().dims());
    // [H, W] examples get one channel; [C, H, W] keeps C.
    assertArrayEquals(new int[] {2, 10}, build(ModelSpec.cnn(null), Shape.of(8, 8), 10)
        .forward(Tensor.zeros(2, 8, 8)).shape().dims());
    Module rgb = build(ModelSpec.cnn(null), Shape.of(3, 8, 8), 4);
    assertEquals((6 * 3 * 25 + 6) + (16 * 6 * 25 + 16) + (64 * 120 + 120) + (120 * 84 + 84) + (84 * 4 + 4),
        rgb.params().count());
  }

  @Test
  void cnnGradientsReachTheFirstLayer() {
    Module m = build(ModelSpec.cnn(8), Shape.of(64), 10);
    Rng rng = new Rng(2);
    try (Tape tape = Tape.start()) {
      tape.backward(m.forward(Tensor.randn(rng, 4, 64)).square().mean());
    }
    Tensor g = m.params().grads().get("1.weight"); // 0 is the image view
    double s = 0;
    for (float v : g.data()) {
      s += Math.abs(v);
    }
    assertTrue(s > 0);
  }

  @Test
  void cnnOnNonImageInputFailsClearly() {
    ModelSpecException noSide = assertThrows(ModelSpecException.class, () -> build(ModelSpec.cnn(null), Shape.of(64), 10));
    assertEquals("side", noSide.field());
    assertTrue(noSide.getMessage().contains("side: 8"), noSide.getMessage());
    ModelSpecException odd = assertThrows(ModelSpecException.class, () -> build(ModelSpec.cnn(3), Shape.of(10), 2));
    assertTrue(odd.getMessage().contains("do not divide the 10 features"), odd.getMessage());
    ModelSpecException small = assertThrows(ModelSpecException.class,
        () -> build(ModelSpec.cnn(null), Shape.of(1, 3, 3), 2));
    assertTrue(small.getMessage().contains("too small"), small.getMessage());
  }

  @Test
  void logisticRejectsMulticlass() {
    ModelSpecException e = assertThrows(ModelSpecException.class, () -> build(ModelSpec.logistic(), Shape.of(4), 3));
    assertTrue(e.getMessage().contains("use type softmax"), e.getMessage());
  }

  @Test
  void sameSeedSameWeightsDifferentSeedDifferent() {
    ModelSpec spec = ModelSpec.mlp(List.of(5), "gelu", 0);
    float[] a = Models.build(spec, Shape.of(3), 2, new Rng(4)).params().flatten().data();
    float[] b = Models.build(spec, Shape.of(3), 2, new Rng(4)).params().flatten().data();
    float[] c = Models.build(spec, Shape.of(3), 2, new Rng(5)).params().flatten().data();
    assertArrayEquals(a, b);
    assertNotEquals(a[0], c[0]);
  }

  @Test
  void outputsFollowTheData() {
    Rng rng = new Rng(0);
    Dataset cls = Dataset.classification("c", Tensor.randn(rng, 4, 2), new int[] {0, 1, 2, 1}, 3);
    assertEquals(3, Models.outputs(ModelSpec.softmax(), cls));
    Dataset bin = Dataset.classification("b", Tensor.randn(rng, 2, 2), new int[] {0, 1}, 2);
    assertEquals(1, Models.outputs(ModelSpec.logistic(), bin));
    Dataset reg = Dataset.regression("r", Tensor.randn(rng, 4, 2), Tensor.randn(rng, 4, 3));
    assertEquals(3, Models.outputs(ModelSpec.linear(), reg));
    assertEquals(1, Models.outputs(ModelSpec.linear(), Dataset.regression("r1", Tensor.randn(rng, 4, 2),
        Tensor.randn(rng, 4))));
  }
}
