package org.probity.core.dro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class GroupDroTest {
  private static Batch batch(int[] groups) {
    int[] idx = new int[groups.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new Batch(Tensor.zeros(groups.length, 1), null, null, groups, null, idx);
  }

  @Test
  void oneStepMatchesExponentiatedGradientByHand() {
    double step = 0.5;
    GroupDro dro = new GroupDro(3, step);
    float[] l = {1.0f, 3.0f, 0.5f, 0.5f, 2.0f};
    int[] g = {0, 0, 1, 1, 2};
    double[] means = {2.0, 0.5, 2.0};
    double[] q = new double[3];
    double z = 0;
    for (int k = 0; k < 3; k++) {
      q[k] = (1.0 / 3) * Math.exp(step * means[k]);
      z += q[k];
    }
    double value = 0;
    for (int k = 0; k < 3; k++) {
      q[k] /= z;
      value += q[k] * means[k];
    }
    Tensor losses = Tensor.vector(l).requiresGrad(true);
    float v;
    try (Tape tape = Tape.start()) {
      Tensor r = dro.reduce(losses, batch(g));
      v = r.item();
      tape.backward(r);
    }
    assertEquals(value, v, 1e-6);
    double[] got = dro.groupWeights();
    int[] sizes = {2, 2, 1};
    for (int k = 0; k < 3; k++) {
      assertEquals(q[k], got[k], 1e-12);
    }
    for (int i = 0; i < l.length; i++) {
      assertEquals(q[g[i]] / sizes[g[i]], losses.grad().data()[i], 1e-7, "position " + i);
    }
  }

  @Test
  void weightMovesTowardTheWorseGroupAndAbsentGroupsKeepTheirShare() {
    GroupDro dro = new GroupDro(3, 0.1);
    for (int t = 0; t < 50; t++) {
      dro.reduce(Tensor.vector(0.2f, 0.3f, 1.5f, 1.7f), batch(new int[] {0, 0, 1, 1}));
    }
    double[] q = dro.groupWeights();
    assertTrue(q[1] > q[0], "the worse group should gain weight: " + java.util.Arrays.toString(q));
    // log(q1 / q0) grows by step · (mean1 − mean0) per step: 50 · 0.1 · 1.35.
    assertEquals(50 * 0.1 * 1.35, Math.log(q[1] / q[0]), 1e-4);
    // Group 2 never appears: its log-weight gets no increment, so its ratio to group 0 shrinks by exp(−step·mean0).
    assertEquals(-50 * 0.1 * 0.25, Math.log(q[2] / q[0]), 1e-4);
    dro.reset();
    assertEquals(1.0 / 3, dro.groupWeights()[2], 1e-15);
  }

  @Property(tries = 100)
  void weightsStayOnTheSimplex(@ForAll @IntRange(min = 1, max = 6) int groups,
      @ForAll @DoubleRange(min = 0, max = 5) double step, @ForAll long seed) {
    GroupDro dro = new GroupDro(groups, step);
    Rng rng = new Rng(seed);
    for (int t = 0; t < 30; t++) {
      int b = 1 + rng.nextInt(12);
      float[] l = new float[b];
      int[] g = new int[b];
      for (int i = 0; i < b; i++) {
        l[i] = (float) (20 * rng.nextDouble());
        g[i] = rng.nextInt(groups);
      }
      float v = dro.reduce(Tensor.vector(l), batch(g)).item();
      assertTrue(Float.isFinite(v));
      double s = 0;
      for (double q : dro.groupWeights()) {
        assertTrue(q >= 0 && q <= 1, "weight " + q);
        s += q;
      }
      assertEquals(1.0, s, 1e-9);
    }
  }

  @Test
  void rejectsMissingOrBadGroups() {
    assertThrows(IllegalArgumentException.class, () -> new GroupDro(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GroupDro(2, -1));
    GroupDro dro = new GroupDro(2, 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dro.reduce(Tensor.vector(1f), new Batch(Tensor.zeros(1, 1), null, null, null, null, new int[] {0})));
    assertTrue(e.getMessage().contains("group ids"));
    e = assertThrows(IllegalArgumentException.class, () -> dro.reduce(Tensor.vector(1f), batch(new int[] {2})));
    assertTrue(e.getMessage().contains("2"));
  }
}
