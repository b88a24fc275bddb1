package org.probity.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/** The group-weighted mean against a hand computation, its gradient against finite differences, bad input. */
class GroupWeightedTest {
  private static final float[] L = {0.5f, 2.0f, 1.0f, 0.25f, 3.0f};
  private static final int[] G = {0, 2, 1, 0, 2};

  private static Batch batch(int[] groups) {
    int[] idx = new int[groups == null ? L.length : groups.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new Batch(null, null, null, groups, null, idx);
  }

  private static double direct(double[] l, int[] g, double[] w) {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += w[g[i]] * l[i];
    }
    return s / l.length;
  }

  @Test
  void valueMatchesHandComputationAndGradientIsWeightOverB() {
    double[] w = {1.0, 3.0, 0.5};
    // (1·0.5 + 0.5·2 + 3·1 + 1·0.25 + 0.5·3) / 5 = (0.5 + 1 + 3 + 0.25 + 1.5) / 5 = 6.25 / 5 = 1.25.
    GroupWeighted obj = new GroupWeighted(w);
    Tensor loss = Tensor.vector(L).requiresGrad(true);
    float value;
    try (Tape tape = Tape.start()) {
      Tensor r = obj.reduce(loss, batch(G));
      value = r.item();
      tape.backward(r);
    }
    assertEquals(1.25, value, 1e-6);
    float[] grad = loss.grad().data();
    double[] l = new double[L.length];
    for (int i = 0; i < L.length; i++) {
      l[i] = L[i];
    }
    double h = 1e-6;
    for (int i = 0; i < L.length; i++) {
      double[] up = l.clone();
      double[] dn = l.clone();
      up[i] += h;
      dn[i] -= h;
      double fd = (direct(up, G, w) - direct(dn, G, w)) / (2 * h);
      assertEquals(fd, grad[i], 1e-5, "gradient " + i);
      assertEquals(w[G[i]] / L.length, grad[i], 1e-7, "gradient " + i + " = w_g / B");
    }
  }

  @Test
  void unitWeightsGiveTheMean() {
    Tensor loss = Tensor.vector(L);
    float v = new GroupWeighted(new double[] {1, 1, 1}).reduce(loss, batch(G)).item();
    assertEquals(Mean.INSTANCE.reduce(loss, batch(G)).item(), v, 1e-6);
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    Tensor loss = Tensor.vector(L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GroupWeighted(new double[] {1, 1}).reduce(loss, batch(G)));
    assertTrue(e.getMessage().contains("group id 2") && e.getMessage().contains("0..1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupWeighted(new double[] {1, 1, 1})
        .reduce(loss, batch(null)));
    assertTrue(e.getMessage().contains("no"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupWeighted(new double[] {1, -1}));
    assertTrue(e.getMessage().contains("group 1") && e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GroupWeighted(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new GroupWeighted(new double[] {Double.NaN}));
  }
}
