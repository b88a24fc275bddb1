package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class BroadcastTest {
  /** (from, to) pairs covering bias rows, size-one middles, new leading axes and scalars. */
  private static final int[][][] CASES = {
      {{4}, {3, 4}},
      {{3, 1}, {3, 4}},
      {{1, 4}, {3, 4}},
      {{2, 1, 3}, {2, 4, 3}},
      {{4, 1}, {2, 4, 3}},
      {{1, 3, 1}, {2, 3, 5}},
      {{}, {2, 3}},
      {{1}, {2, 3}},
      {{1, 1}, {1, 1}},
      {{2, 1, 1, 3}, {2, 2, 5, 3}},
      {{5, 1, 2}, {3, 5, 4, 2}},
  };

  @Test
  void expandMatchesCoordinateByCoordinateCopy() {
    Rng rng = new Rng(1);
    for (int[][] c : CASES) {
      Tensor a = Tensor.randn(rng, c[0]);
      Shape to = Shape.of(c[1]);
      Tensor e = Broadcast.expand(a, to);
      assertEquals(to, e.shape());
      int[] od = to.dims();
      for (int i = 0; i < e.size(); i++) {
        assertEquals(a.data()[RefMath.sourceIndex(RefMath.coords(i, od), a.shape())], e.data()[i],
            "expand " + a.shape() + " -> " + to + " at " + i);
      }
    }
  }

  @Test
  void reduceToIsTheAdjointOfExpand() {
    // <expand(a), g> == <a, reduceTo(g)> for every a and g: the defining property of the gradient.
    Rng rng = new Rng(2);
    for (int[][] c : CASES) {
      Tensor a = Tensor.randn(rng, c[0]);
      Shape to = Shape.of(c[1]);
      Tensor g = Tensor.randn(rng, c[1]);
      Tensor r = Broadcast.reduceTo(g, a.shape());
      assertEquals(a.shape(), r.shape());
      double lhs = dot(Broadcast.expand(a, to).data(), g.data());
      double rhs = dot(a.data(), r.data());
      assertEquals(lhs, rhs, 1e-4, "adjointness for " + a.shape() + " -> " + to);
    }
  }

  @Test
  void reduceToSumsEachSourceElementsPreimage() {
    Rng rng = new Rng(3);
    for (int[][] c : CASES) {
      Shape target = Shape.of(c[0]);
      Tensor g = Tensor.randn(rng, c[1]);
      double[] expected = new double[target.size()];
      int[] od = g.shape().dims();
      for (int i = 0; i < g.size(); i++) {
        expected[RefMath.sourceIndex(RefMath.coords(i, od), target)] += g.data()[i];
      }
      float[] got = Broadcast.reduceTo(g, target).data();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-5, "reduceTo " + g.shape() + " -> " + target + " at " + i);
      }
    }
  }

  @Test
  void equalShapesReturnTheSameTensor() {
    Tensor a = Tensor.randn(new Rng(4), 2, 3);
    assertSame(a, Broadcast.expand(a, Shape.of(2, 3)));
    assertSame(a, Broadcast.reduceTo(a, Shape.of(2, 3)));
  }

  @Test
  void longReductionsKeepFloatAccuracy() {
    // Summed naively in float, a million copies of 0.1f drift to about 100958.
    int n = 1_000_000;
    Tensor g = Tensor.full(0.1f, Shape.of(n / 2, 2));
    Tensor r = Broadcast.reduceTo(g, Shape.of(2));
    assertEquals(50_000.0, r.data()[0], 0.01);
    assertEquals(50_000.0, r.data()[1], 0.01);
    Tensor s = Broadcast.reduceTo(Tensor.full(0.1f, Shape.of(2, n / 2)), Shape.of(2, 1));
    assertEquals(50_000.0, s.data()[0], 0.01);
    assertEquals(100_000.0, Broadcast.reduceTo(Tensor.full(0.1f, Shape.of(n)), Shape.scalar()).item(), 0.01);
  }

  @Test
  void zeroSizedShapesGiveEmptyOrZeroResults() {
    assertEquals(0, Broadcast.expand(Tensor.randn(new Rng(5), 1, 3), Shape.of(0, 3)).size());
    assertArrayEquals(new float[3], Broadcast.reduceTo(Tensor.zeros(0, 3), Shape.of(1, 3)).data());
  }

  @Test
  void incompatibleShapesNameBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Broadcast.expand(Tensor.zeros(3), Shape.of(2, 4)));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Broadcast.expand(Tensor.zeros(2, 3), Shape.of(3)));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Broadcast.reduceTo(Tensor.zeros(2, 4), Shape.of(3)));
    assertTrue(e.getMessage().contains("reduceTo") && e.getMessage().contains("[2, 4]"), e.getMessage());
  }

  @Test
  void neitherHelperRecordsOnTheTape() {
    Tensor a = Tensor.randn(new Rng(6), 3).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Broadcast.expand(a, Shape.of(2, 3));
      Broadcast.reduceTo(Tensor.randn(new Rng(7), 2, 3).requiresGrad(true), Shape.of(3));
      assertEquals(0, tape.size());
    }
  }

  /**
   * Random shape pairs up to rank 4: each dimension of either operand is absent (leading), one, or
   * the full size, which exercises every way the plan can merge or split dimensions.
   */
  @Property(tries = 200)
  void randomBroadcastsMatchTheReference(@ForAll long seed) {
    Rng rng = new Rng(seed);
    int rank = rng.nextInt(5);
    int[] full = new int[rank];
    for (int i = 0; i < rank; i++) {
      full[i] = 1 + rng.nextInt(3);
    }
    Tensor a = Tensor.randn(rng, randomSource(rng, full));
    Tensor b = Tensor.randn(rng, randomSource(rng, full));
    Shape out = Shape.broadcast("mul", a.shape(), b.shape());
    float[] expected = RefMath.broadcastRef(out, a, b, (x, y) -> x * y);
    assertEquals(0.0, RefMath.maxAbsDiff(expected, Binary.mul(a, b).data()), 1e-6, a.shape() + " * " + b.shape());
    Tensor g = Tensor.randn(rng, out.dims());
    double lhs = dot(Broadcast.expand(a, out).data(), g.data());
    double rhs = dot(a.data(), Broadcast.reduceTo(g, a.shape()).data());
    assertEquals(lhs, rhs, 1e-4, a.shape() + " -> " + out);
  }

  private static int[] randomSource(Rng rng, int[] full) {
    int drop = rng.nextInt(full.length + 1);
    int[] d = new int[full.length - drop];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextInt(3) == 0 ? 1 : full[drop + i];
    }
    return d;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
