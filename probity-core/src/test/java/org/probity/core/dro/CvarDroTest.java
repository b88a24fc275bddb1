package org.probity.core.dro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.probity.core.objective.Mean;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class CvarDroTest {
  /** Value and gradient (on the tape) of the objective at these losses. */
  private static float[] valueAndGrad(org.probity.core.objective.Objective o, float[] losses, float[] gradOut) {
    Tensor l = Tensor.vector(losses.clone()).requiresGrad(true);
    float value;
    try (Tape tape = Tape.start()) {
      Tensor r = o.reduce(l, null);
      value = r.item();
      tape.backward(r);
    }
    System.arraycopy(l.grad().data(), 0, gradOut, 0, losses.length);
    return new float[] {value};
  }

  @Test
  void valueIsTheMeanOfTheTopCeilAlphaBLossesBySorting() {
    Rng rng = new Rng(3);
    for (double alpha : new double[] {0.05, 0.2, 0.33, 0.5, 0.9}) {
      int b = 37;
      float[] l = new float[b];
      for (int i = 0; i < b; i++) {
        l[i] = (float) (3 * rng.nextDouble());
      }
      float[] sorted = l.clone();
      Arrays.sort(sorted);
      int k = (int) Math.ceil(alpha * b);
      double expected = 0;
      for (int j = 0; j < k; j++) {
        expected += sorted[b - 1 - j];
      }
      expected /= k;
      float threshold = sorted[b - k];
      float[] g = new float[b];
      float value = valueAndGrad(new CvarDro(alpha), l, g)[0];
      assertEquals(expected, value, 1e-5, "alpha " + alpha);
      for (int i = 0; i < b; i++) {
        assertEquals(l[i] >= threshold ? 1.0 / k : 0.0, g[i], 1e-7, "alpha " + alpha + ", position " + i);
      }
    }
  }

  @Test
  void alphaOneIsTheMean() {
    float[] l = {0.3f, 2.5f, 1.0f, 0.0f, 4.2f};
    float[] g1 = new float[5];
    float[] g2 = new float[5];
    float v1 = valueAndGrad(new CvarDro(1.0), l, g1)[0];
    float v2 = valueAndGrad(Mean.INSTANCE, l, g2)[0];
    assertEquals(v2, v1, 1e-6);
    for (int i = 0; i < 5; i++) {
      assertEquals(g2[i], g1[i], 1e-7);
    }
  }

  @Test
  void integerAlphaTimesBatchDoesNotRoundUp() {
    assertEquals(2, new CvarDro(0.2).count(10));
    assertEquals(1, new CvarDro(0.01).count(10));
    assertEquals(3, new CvarDro(0.21).count(10));
  }

  @Test
  void tiesKeepBatchOrder() {
    double[] w = new CvarDro(0.5).weights(new double[] {1, 1, 1, 1});
    assertEquals(List.of(0.5, 0.5, 0.0, 0.0), Arrays.stream(w).boxed().toList());
  }

  @Test
  void rejectsBadAlphaAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CvarDro(0));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("0"));
    assertThrows(IllegalArgumentException.class, () -> new CvarDro(1.5));
    assertThrows(IllegalArgumentException.class, () -> new CvarDro(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new CvarDro(0.5).reduce(Tensor.zeros(2, 2), null));
  }

  @Property(tries = 200)
  void valueLiesBetweenMeanAndMax(@ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 10) Double> ls,
      @ForAll @DoubleRange(min = 0.01, max = 1) double alpha) {
    float[] l = new float[ls.size()];
    double mean = 0;
    double max = 0;
    for (int i = 0; i < l.length; i++) {
      l[i] = ls.get(i).floatValue();
      mean += l[i];
      max = Math.max(max, l[i]);
    }
    mean /= l.length;
    float[] g = new float[l.length];
    float v = valueAndGrad(new CvarDro(alpha), l, g)[0];
    assertTrue(v >= mean - 1e-4 && v <= max + 1e-4, v + " outside [" + mean + ", " + max + "]");
    double s = 0;
    for (float x : g) {
      s += x;
    }
    assertEquals(1.0, s, 1e-5);
  }
}
