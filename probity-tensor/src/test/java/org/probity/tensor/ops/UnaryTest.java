package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class UnaryTest {
  private static void assertValues(String name, Tensor x, UnaryOperator<Tensor> f, DoubleUnaryOperator ref) {
    Tensor y = f.apply(x);
    assertEquals(x.shape(), y.shape(), name);
    for (int i = 0; i < x.size(); i++) {
      double e = ref.applyAsDouble(x.data()[i]);
      assertEquals(e, y.data()[i], 1e-6 * Math.max(1, Math.abs(e)), name + " at x=" + x.data()[i]);
    }
  }

  @Test
  void valuesMatchJavaMath() {
    Rng rng = new Rng(21);
    Tensor x = Tensor.randn(rng, 3, 5);
    Tensor pos = Tensor.uniform(rng, 0.1f, 3f, 3, 5);
    assertValues("add", x, t -> Unary.add(t, 2.5f), v -> v + 2.5);
    assertValues("mul", x, t -> Unary.mul(t, -1.5f), v -> v * -1.5);
    assertValues("exp", x, Unary::exp, Math::exp);
    assertValues("log", pos, Unary::log, Math::log);
    assertValues("sqrt", pos, Unary::sqrt, Math::sqrt);
    assertValues("square", x, Unary::square, v -> v * v);
    assertValues("pow 3", x, t -> Unary.pow(t, 3f), v -> v * v * v);
    assertValues("pow 2", x, t -> Unary.pow(t, 2f), v -> v * v);
    assertValues("pow -1.5", pos, t -> Unary.pow(t, -1.5f), v -> Math.pow(v, -1.5));
    assertValues("pow 0", x, t -> Unary.pow(t, 0f), v -> 1.0);
    assertValues("abs", x, Unary::abs, Math::abs);
    assertValues("clamp", x, t -> Unary.clamp(t, -0.5f, 0.7f), v -> Math.min(Math.max(v, -0.5), 0.7));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Rng rng = new Rng(22);
    int[] dims = {2, 3, 2};
    GradCheck.verify("add", in -> Unary.add(in[0], 3f), Tensor.randn(rng, dims));
    GradCheck.verify("mul", in -> Unary.mul(in[0], -2.5f), Tensor.randn(rng, dims));
    GradCheck.verify("exp", in -> Unary.exp(in[0]), Tensor.randn(rng, dims));
    GradCheck.verify("log", in -> Unary.log(in[0]), Tensor.uniform(rng, 0.3f, 3f, dims));
    GradCheck.verify("sqrt", in -> Unary.sqrt(in[0]), Tensor.uniform(rng, 0.3f, 3f, dims));
    GradCheck.verify("square", in -> Unary.square(in[0]), Tensor.randn(rng, dims));
    GradCheck.verify("pow 3", in -> Unary.pow(in[0], 3f), Tensor.randn(rng, dims));
    GradCheck.verify("pow 0.5", in -> Unary.pow(in[0], 0.5f), Tensor.uniform(rng, 0.3f, 3f, dims));
    GradCheck.verify("pow -1.5", in -> Unary.pow(in[0], -1.5f), Tensor.uniform(rng, 0.5f, 3f, dims));
    GradCheck.verify("pow 0", in -> Unary.pow(in[0], 0f), Tensor.randn(rng, dims));
    GradCheck.verify("abs", in -> Unary.abs(in[0]), RefMath.signed(rng, 0.1f, 2f, dims));
    // Half the entries are clamped; all keep at least 0.1 from either bound.
    Tensor c = Tensor.of(new float[] {-2f, -0.6f, -0.4f, 0f, 0.3f, 0.6f, 0.8f, 1.5f}, 2, 4);
    GradCheck.verify("clamp", in -> Unary.clamp(in[0], -0.5f, 0.7f), c);
    GradCheck.verify("rank-0 exp", in -> Unary.exp(in[0]), Tensor.scalar(0.3f));
  }

  @Test
  void clampPassesTheGradientOnlyInsideTheBounds() {
    Tensor x = Tensor.vector(-2f, -0.5f, 0.2f, 0.7f, 3f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Unary.clamp(x, -0.5f, 0.7f)));
    }
    assertArrayEquals(new float[] {0f, 1f, 1f, 1f, 0f}, x.grad().data());
  }

  @Test
  void clampAcceptsInfiniteBoundsAndRejectsCrossedOnes() {
    Tensor x = Tensor.vector(-3f, 2f);
    assertArrayEquals(new float[] {0f, 2f}, Unary.clamp(x, 0f, Float.POSITIVE_INFINITY).data());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Unary.clamp(x, 1f, 0f));
    assertTrue(e.getMessage().startsWith("clamp:") && e.getMessage().contains("min=1.0"), e.getMessage());
  }

  @Test
  void logOfNonPositiveValuesFollowsIeee() {
    Tensor y = Unary.log(Tensor.vector(0f, -1f, Float.POSITIVE_INFINITY));
    assertEquals(Float.NEGATIVE_INFINITY, y.data()[0]);
    assertTrue(Float.isNaN(y.data()[1]));
    assertEquals(Float.POSITIVE_INFINITY, y.data()[2]);
    assertTrue(Float.isNaN(Unary.sqrt(Tensor.vector(-1f)).item()));
  }

  @Test
  void absGradientIsZeroAtZero() {
    Tensor x = Tensor.vector(-1f, 0f, 2f).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      tape.backward(RefMath.sumAll(Unary.abs(x)));
    }
    assertArrayEquals(new float[] {-1f, 0f, 1f}, x.grad().data());
  }

  @Test
  void opsDoNotTouchTheirInput() {
    Tensor x = Tensor.vector(1f, 2f);
    Unary.mul(Unary.add(Unary.exp(x), 1f), 3f);
    assertArrayEquals(new float[] {1f, 2f}, x.data());
  }
}
