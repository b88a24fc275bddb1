package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class BinaryTest {
  /**
   * Shape pairs: equal, bias both ways, outer product, mixed-rank broadcast, rank-0 and one-element
   * operands both ways, size-one dimensions on both sides, and a layout only the general plan handles.
   */
  private static final int[][][] PAIRS = {
      {{3, 4}, {3, 4}},
      {{3, 4}, {4}},
      {{4}, {3, 4}},
      {{2, 3, 4}, {3, 4}},
      {{3, 1}, {1, 4}},
      {{2, 1, 3}, {4, 1}},
      {{}, {2, 3}},
      {{2, 3}, {}},
      {{1}, {2, 3}},
      {{1, 3, 1}, {2, 1, 4}},
      {{2, 3, 1}, {2, 3, 4}},
      {{5}, {1}},
  };

  private record Op(String name, BinaryOperator<Tensor> f, DoubleBinaryOperator ref) {}

  private static final Op[] OPS = {
      new Op("add", Binary::add, (x, y) -> x + y),
      new Op("sub", Binary::sub, (x, y) -> x - y),
      new Op("mul", Binary::mul, (x, y) -> x * y),
      new Op("div", Binary::div, (x, y) -> x / y),
      new Op("maximum", Binary::maximum, Math::max),
      new Op("minimum", Binary::minimum, Math::min),
  };

  @Test
  void valuesMatchCoordinateByCoordinateBroadcast() {
    Rng rng = new Rng(11);
    for (int[][] p : PAIRS) {
      Tensor a = Tensor.randn(rng, p[0]);
      Tensor b = RefMath.signed(rng, 0.5f, 2f, p[1]);
      Shape out = Shape.broadcast("test", a.shape(), b.shape());
      for (Op op : OPS) {
        Tensor y = op.f.apply(a, b);
        assertEquals(out, y.shape(), op.name + " " + a.shape() + " " + b.shape());
        float[] expected = RefMath.broadcastRef(out, a, b, op.ref);
        assertTrue(RefMath.maxAbsDiff(expected, y.data()) <= 1e-6,
            op.name + " " + a.shape() + " " + b.shape() + ": " + y);
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesForEveryOpAndBroadcast() {
    Rng rng = new Rng(12);
    for (int[][] p : PAIRS) {
      for (Op op : OPS) {
        Tensor a;
        Tensor b;
        if (op.name.equals("maximum") || op.name.equals("minimum")) {
          // a on even and b on odd multiples of 0.1: every pair differs by at least 0.1.
          a = RefMath.spaced(rng, 0.2f, 0f, p[0]);
          b = RefMath.spaced(rng, 0.2f, 0.1f, p[1]);
        } else {
          a = Tensor.randn(rng, p[0]);
          b = RefMath.signed(rng, 0.5f, 1.5f, p[1]);
        }
        String name = op.name + " " + a.shape() + " " + b.shape();
        GradCheck.verify(name, in -> op.f.apply(in[0], in[1]), a, b);
      }
    }
  }

  @Test
  void sameTensorOnBothSidesGetsBothGradients() {
    Tensor x = Tensor.vector(1.5f, -2f, 3f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Binary.mul(x, x)));
    }
    assertArrayEquals(new float[] {3f, -4f, 6f}, x.grad().data(), 1e-6f);
  }

  @Test
  void tiesSendTheGradientToTheFirstInput() {
    Tensor a = Tensor.vector(1f, 2f, 3f).requiresGrad(true);
    Tensor b = Tensor.vector(1f, 5f, 0f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Binary.maximum(a, b)));
    }
    assertArrayEquals(new float[] {1f, 0f, 1f}, a.grad().data());
    assertArrayEquals(new float[] {0f, 1f, 0f}, b.grad().data());
    a.zeroGrad();
    b.zeroGrad();
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Binary.minimum(a, b)));
    }
    assertArrayEquals(new float[] {1f, 1f, 0f}, a.grad().data());
    assertArrayEquals(new float[] {0f, 0f, 1f}, b.grad().data());
  }

  @Test
  void broadcastGradientIsSummedOverTheBroadcastRows() {
    Tensor x = Tensor.randn(new Rng(13), 5, 3);
    Tensor bias = Tensor.vector(0.1f, 0.2f, 0.3f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Binary.add(x, bias)));
    }
    assertArrayEquals(new float[] {5f, 5f, 5f}, bias.grad().data());
  }

  @Test
  void ieeeSpecialValuesPropagate() {
    Tensor y = Binary.div(Tensor.vector(1f, -1f, 0f), Tensor.vector(0f, 0f, 0f));
    assertEquals(Float.POSITIVE_INFINITY, y.data()[0]);
    assertEquals(Float.NEGATIVE_INFINITY, y.data()[1]);
    assertTrue(Float.isNaN(y.data()[2]));
    assertTrue(Float.isNaN(Binary.maximum(Tensor.vector(Float.NaN), Tensor.vector(1f)).item()));
  }

  @Test
  void largeOperandsTakeEveryPathAlike() {
    // Big enough to leave the interpreter; compares the fast paths with the general plan.
    Rng rng = new Rng(14);
    Tensor a = Tensor.randn(rng, 64, 33);
    Tensor row = Tensor.randn(rng, 33);
    Tensor col = Tensor.randn(rng, 64, 1);
    for (Op op : OPS) {
      assertEquals(0.0, RefMath.maxAbsDiff(
          RefMath.broadcastRef(a.shape(), a, row, op.ref), op.f.apply(a, row).data()), 1e-6, op.name);
      assertEquals(0.0, RefMath.maxAbsDiff(
          RefMath.broadcastRef(a.shape(), col, a, op.ref), op.f.apply(col, a).data()), 1e-6, op.name);
    }
  }

  @Test
  void incompatibleShapesNameTheOpAndBothShapes() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(4);
    for (Op op : OPS) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.f.apply(a, b));
      String m = e.getMessage();
      assertTrue(m.startsWith(op.name + ":") && m.contains("[2, 3]") && m.contains("[4]"), m);
    }
  }
}
