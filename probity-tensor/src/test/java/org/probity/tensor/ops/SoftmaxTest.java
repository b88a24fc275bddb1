package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class SoftmaxTest {
  private static final int[] DIMS = {2, 3, 4};

  /** Softmax along {@code axis} of a rank-3 tensor, one coordinate at a time in double. */
  private static double[] reference(Tensor x, int axis, boolean log) {
    int[] d = x.shape().dims();
    double[] r = new double[x.size()];
    for (int i = 0; i < x.size(); i++) {
      int[] c = RefMath.coords(i, d);
      double sum = 0;
      for (int k = 0; k < d[axis]; k++) {
        int[] ck = c.clone();
        ck[axis] = k;
        sum += Math.exp(x.get(ck));
      }
      r[i] = log ? x.data()[i] - Math.log(sum) : Math.exp(x.data()[i]) / sum;
    }
    return r;
  }

  @Test
  void valuesMatchTheDefinitionAlongEveryAxis() {
    Tensor x = Tensor.randn(new Rng(41), DIMS);
    for (int axis = 0; axis < 3; axis++) {
      double[] s = reference(x, axis, false);
      double[] l = reference(x, axis, true);
      float[] ys = Softmax.softmax(x, axis).data();
      float[] yl = Softmax.logSoftmax(x, axis - 3).data();
      for (int i = 0; i < s.length; i++) {
        assertEquals(s[i], ys[i], 1e-6, "softmax axis " + axis + " at " + i);
        assertEquals(l[i], yl[i], 1e-5, "logSoftmax axis " + axis + " at " + i);
      }
    }
  }

  @Test
  void linesSumToOne() {
    Tensor x = Unary.mul(Tensor.randn(new Rng(42), DIMS), 3f);
    for (int axis = 0; axis < 3; axis++) {
      Tensor y = Softmax.softmax(x, axis);
      int[] d = y.shape().dims();
      double[] sums = new double[y.size() / d[axis]];
      for (int i = 0; i < y.size(); i++) {
        int[] c = RefMath.coords(i, d);
        int key = 0;
        for (int a = 0; a < 3; a++) {
          if (a != axis) {
            key = key * d[a] + c[a];
          }
        }
        sums[key] += y.data()[i];
      }
      for (double s : sums) {
        assertEquals(1.0, s, 1e-6, "axis " + axis);
      }
    }
  }

  @Test
  void largeLogitsDoNotOverflow() {
    Tensor x = Tensor.of(new float[] {1000f, 1001f, -1000f, -1001f}, 2, 2);
    float[] s = Softmax.softmax(x, 1).data();
    float[] l = Softmax.logSoftmax(x, 1).data();
    double p = 1 / (1 + Math.E);
    assertArrayEquals(new float[] {(float) p, (float) (1 - p), (float) (1 - p), (float) p}, s, 1e-6f);
    assertArrayEquals(new float[] {(float) Math.log(p), (float) Math.log(1 - p), (float) Math.log(1 - p),
        (float) Math.log(p)}, l, 1e-5f);
  }

  @Test
  void logSoftmaxKeepsTinyProbabilitiesFinite() {
    float[] l = Softmax.logSoftmax(Tensor.vector(0f, 200f), 0).data();
    assertEquals(-200f, l[0], 1e-3f);
    assertEquals(0f, Softmax.softmax(Tensor.vector(0f, 200f), 0).data()[0], 0f);
  }

  @Test
  void expOfLogSoftmaxIsSoftmax() {
    Tensor x = Tensor.randn(new Rng(43), 5, 7);
    float[] s = Softmax.softmax(x, -1).data();
    float[] l = Softmax.logSoftmax(x, -1).data();
    for (int i = 0; i < s.length; i++) {
      assertEquals(s[i], Math.exp(l[i]), 1e-6);
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesAlongEveryAxis() {
    Rng rng = new Rng(44);
    for (int axis = -3; axis < 3; axis++) {
      int ax = axis;
      GradCheck.verify("softmax axis " + ax, in -> Softmax.softmax(in[0], ax), Tensor.randn(rng, DIMS));
      GradCheck.verify("logSoftmax axis " + ax, in -> Softmax.logSoftmax(in[0], ax), Tensor.randn(rng, DIMS));
    }
    GradCheck.verify("softmax size-1 axis", in -> Softmax.softmax(in[0], 1), Tensor.randn(rng, 3, 1, 2));
  }

  @Test
  void badAxisNamesTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Softmax.softmax(Tensor.zeros(2, 3), 2));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
  }
}
