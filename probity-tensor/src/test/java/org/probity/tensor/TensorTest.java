package org.probity.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Creation and inspection of tensors: constant fills, seeded random fills, element access and its errors. */
class TensorTest {

  @Test
  void constantFills() {
    Tensor z = Tensor.zeros(2, 3);
    assertEquals(Shape.of(2, 3), z.shape());
    assertArrayEquals(new float[6], z.data());
    assertArrayEquals(new float[4], Tensor.zeros(Shape.of(4)).data());
    Tensor o = Tensor.ones(3);
    assertArrayEquals(new float[] {1, 1, 1}, o.data());
    Tensor f = Tensor.full(2.5f, Shape.of(2, 2));
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, f.data());
    assertEquals(Shape.scalar(), Tensor.full(7f, Shape.scalar()).shape());
    assertEquals(0, Tensor.zeros(3, 0).size());
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
  }

  @Test
  void ofVectorAndScalarCopyTheirInputWhileWrapTakesIt() {
    float[] src = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(src, 2, 3);
    src[0] = 99;
    assertEquals(1f, t.get(0, 0));
    Tensor w = Tensor.wrap(src, Shape.of(3, 2));
    assertSame(src, w.data());
    assertEquals(Shape.of(6), Tensor.vector(src).shape());
    assertEquals(Shape.scalar(), Tensor.scalar(3f).shape());
    assertEquals(3f, Tensor.scalar(3f).item());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(src, 4, 2));
    assertTrue(e.getMessage().contains("6") && e.getMessage().contains("[4, 2]"), e.getMessage());
  }

  @Test
  void randnIsDeterministicBySeedAndDrawsFromTheRng() {
    assertArrayEquals(Tensor.randn(new Rng(1), 3, 4).data(), Tensor.randn(new Rng(1), 3, 4).data());
    assertFalse(Arrays.equals(Tensor.randn(new Rng(1), 12).data(), Tensor.randn(new Rng(2), 12).data()));
    Rng r = new Rng(5);
    float[] d = Tensor.randn(new Rng(5), 5).data();
    for (float v : d) {
      assertEquals((float) r.nextGaussian(), v);
    }
  }

  @Test
  void uniformIsDeterministicAndInRange() {
    Tensor u = Tensor.uniform(new Rng(3), -2f, 5f, 1000);
    assertArrayEquals(u.data(), Tensor.uniform(new Rng(3), -2f, 5f, 1000).data());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : u.data()) {
      assertTrue(v >= -2f && v < 5f, "value " + v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // 1000 draws over a width of 7 come within 0.2 of both ends.
    assertTrue(min < -1.8f && max > 4.8f, min + " " + max);
    for (float v : Tensor.uniform(new Rng(3), 1f, 1f, 5).data()) {
      assertEquals(1f, v);
    }
    for (float v : Tensor.rand(new Rng(4), 100).data()) {
      assertTrue(v >= 0f && v < 1f);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.uniform(new Rng(1), 2f, 1f, 3));
    assertTrue(e.getMessage().contains("uniform"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(new Rng(1), Float.NaN, 1f, 3));
  }

  @Test
  void bernoulliIsDeterministicAndHasTheRightRate() {
    assertArrayEquals(new float[10], Tensor.bernoulli(new Rng(1), 0, 10).data());
    for (float v : Tensor.bernoulli(new Rng(1), 1, 10).data()) {
      assertEquals(1f, v);
    }
    Tensor b = Tensor.bernoulli(new Rng(2), 0.3, 20_000);
    assertArrayEquals(b.data(), Tensor.bernoulli(new Rng(2), 0.3, 20_000).data());
    int ones = 0;
    for (float v : b.data()) {
      assertTrue(v == 0f || v == 1f);
      ones += (int) v;
    }
    // Standard error of the rate is 0.0032.
    assertEquals(0.3, ones / 20_000.0, 0.02);
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Tensor.bernoulli(new Rng(1), p, 3));
      assertTrue(e.getMessage().contains("bernoulli"), e.getMessage());
    }
  }

  @Test
  void permutationIsDeterministicAndAPermutation() {
    Tensor p = Tensor.permutation(new Rng(6), 50);
    assertEquals(Shape.of(50), p.shape());
    assertArrayEquals(p.data(), Tensor.permutation(new Rng(6), 50).data());
    int[] ref = new Rng(6).permutation(50);
    boolean[] seen = new boolean[50];
    for (int i = 0; i < 50; i++) {
      assertEquals(ref[i], (int) p.data()[i]);
      seen[ref[i]] = true;
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertFalse(Arrays.equals(p.data(), Tensor.permutation(new Rng(7), 50).data()));
  }

  @Test
  void getReadsRowMajor() {
    float[] d = new float[24];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    Tensor t = Tensor.of(d, 2, 3, 4);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          assertEquals(i * 12 + j * 4 + k, t.get(i, j, k));
        }
      }
    }
    assertEquals(5f, Tensor.scalar(5f).get());
  }

  @Test
  void getErrorsNameTheIndexAndShape() {
    Tensor t = Tensor.zeros(2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get(1));
    assertTrue(e.getMessage().contains("get") && e.getMessage().contains("[2, 3]"), e.getMessage());
    for (int[] bad : new int[][] {{2, 0}, {0, 3}, {-1, 0}}) {
      IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> t.get(bad));
      assertTrue(o.getMessage().contains(Arrays.toString(bad)) && o.getMessage().contains("[2, 3]"), o.getMessage());
    }
  }

  @Test
  void itemNeedsExactlyOneElement() {
    assertEquals(4f, Tensor.full(4f, Shape.of(1, 1)).item());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
    assertTrue(e.getMessage().contains("item") && e.getMessage().contains("[2]"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Tensor.zeros(0).item());
  }

  @Test
  void inspection() {
    Tensor t = Tensor.zeros(2, 3, 4);
    assertEquals(3, t.rank());
    assertEquals(24, t.size());
    assertEquals(4, t.dim(-1));
    assertEquals(2, t.dim(0));
    assertThrows(IllegalArgumentException.class, () -> t.dim(3));
    float[] copy = t.toArray();
    assertNotSame(t.data(), copy);
    copy[0] = 1;
    assertEquals(0f, t.data()[0]);
    Tensor d = t.detach();
    assertSame(t.data(), d.data());
    assertTrue(Tensor.vector(1, 2).toString().contains("[2]"));
  }
}
