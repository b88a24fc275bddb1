package org.probity.core.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/** Hierarchical TERM against a brute-force double computation, finite differences and its reductions. */
class GroupTiltedTest {
  // Groups 7, 0 and 3, interleaved and of unequal sizes (3, 4, 2).
  private static final float[] L = {0.4f, 2.5f, 1.1f, 0.2f, 3.0f, 0.7f, 1.9f, 0.05f, 1.3f};
  private static final int[] G = {7, 0, 3, 0, 7, 0, 3, 0, 7};

  private static double[] d(float[] f) {
    double[] o = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      o[i] = f[i];
    }
    return o;
  }

  /** The formula of the notes, written out with plain exp/log (fine for moderate tilts). */
  private static double bruteForce(double[] l, int[] g, double tau, double t) {
    int n = l.length;
    double outer = 0;
    double weightedMean = 0;
    for (int id : new int[] {0, 3, 7}) {
      double s = 0;
      double m = 0;
      int size = 0;
      for (int i = 0; i < n; i++) {
        if (g[i] == id) {
          s += Math.exp(t * l[i]);
          m += l[i];
          size++;
        }
      }
      double rg = t == 0 ? m / size : Math.log(s / size) / t;
      outer += (double) size / n * Math.exp(tau * rg);
      weightedMean += (double) size / n * rg;
    }
    return tau == 0 ? weightedMean : Math.log(outer) / tau;
  }

  private static Batch batch(int[] groups) {
    int[] idx = new int[L.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new Batch(null, null, null, groups, null, idx);
  }

  @Test
  void valueMatchesBruteForceAndGradientIsTheBreakdownWeights() {
    double[][] settings = {{1, -2}, {-1, 0.5}, {2, 2}, {0.3, -0.3}};
    for (double[] s : settings) {
      double tau = s[0];
      double t = s[1];
      GroupTilted obj = new GroupTilted(tau, t);
      Tensor loss = Tensor.vector(L).requiresGrad(true);
      float value;
      try (Tape tape = Tape.start()) {
        Tensor r = obj.reduce(loss, batch(G));
        value = r.item();
        tape.backward(r);
      }
      String at = " at tau=" + tau + ", t=" + t;
      assertEquals(bruteForce(d(L), G, tau, t), value, 1e-5, "value" + at);
      assertEquals(bruteForce(d(L), G, tau, t), GroupTilted.risk(d(L), G, tau, t), 1e-12, "double value" + at);
      double h = 1e-6;
      double sum = 0;
      for (int i = 0; i < L.length; i++) {
        double[] up = d(L);
        double[] dn = d(L);
        up[i] += h;
        dn[i] -= h;
        double fd = (GroupTilted.risk(up, G, tau, t) - GroupTilted.risk(dn, G, tau, t)) / (2 * h);
        assertEquals(fd, loss.grad().data()[i], 1e-6, "dR/dl_" + i + at);
        sum += loss.grad().data()[i];
      }
      assertEquals(1.0, sum, 1e-6, "weights sum to 1" + at);
      assertArrayEquals(loss.grad().data(), obj.lastWeights(), 1e-7f);
    }
  }

  @Test
  void breakdownReportsGroupsInIdOrder() {
    GroupTilted.Breakdown b = new GroupTilted(1, -1).breakdown(Tensor.vector(L), G);
    assertArrayEquals(new int[] {0, 3, 7}, b.groupIds());
    assertArrayEquals(new int[] {4, 2, 3}, b.groupSizes());
    double[] group0 = {2.5, 0.2, 0.7, 0.05};
    assertEquals(Tilted.risk(group0, -1), b.groupRisks()[0], 1e-6);
    double wsum = 0;
    for (double w : b.groupWeights()) {
      wsum += w;
    }
    assertEquals(1.0, wsum, 1e-12);
    // τ > 0: the group with the highest risk gets more than its share of the weight.
    int worst = 0;
    for (int k = 1; k < 3; k++) {
      if (b.groupRisks()[k] > b.groupRisks()[worst]) {
        worst = k;
      }
    }
    assertTrue(b.groupWeights()[worst] > (double) b.groupSizes()[worst] / L.length);
  }

  @Test
  void zeroTiltsReduceToMeans() {
    double[] l = d(L);
    // τ = 0: size-weighted mean of the inner tilted risks.
    GroupTilted.Breakdown b = new GroupTilted(0, -2).breakdown(Tensor.vector(L), G);
    double expected = 0;
    for (int k = 0; k < 3; k++) {
      expected += (double) b.groupSizes()[k] / L.length * b.groupRisks()[k];
    }
    assertEquals(expected, b.value(), 1e-12);
    assertEquals(bruteForce(l, G, 0, -2), b.value(), 1e-9);
    // t = 0: outer tilt of the group means.
    assertEquals(bruteForce(l, G, 1.5, 0), GroupTilted.risk(l, G, 1.5, 0), 1e-12);
    // Both 0: the overall mean, with gradient 1/N each.
    double mean = 0;
    for (double v : l) {
      mean += v / l.length;
    }
    assertEquals(mean, GroupTilted.risk(l, G, 0, 0), 1e-12);
    for (float w : new GroupTilted(0, 0).weights(Tensor.vector(L), G).data()) {
      assertEquals(1.0 / L.length, w, 1e-7);
    }
    // One group: the outer tilt has nothing to weigh, so it is the plain tilted risk.
    int[] one = new int[L.length];
    assertEquals(Tilted.risk(l, -2), GroupTilted.risk(l, one, 5, -2), 1e-12);
    // Tiny tilts agree with the means.
    assertEquals(mean, GroupTilted.risk(l, G, 1e-12, -1e-12), 1e-12);
  }

  @Test
  void missingOrBadGroupsAreReported() {
    GroupTilted obj = new GroupTilted(1, -2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> obj.reduce(Tensor.vector(L), batch(null)));
    assertTrue(e.getMessage().contains("group ids"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> obj.breakdown(Tensor.vector(L), new int[] {0, 1}));
    assertTrue(e.getMessage().contains("2 ids") && e.getMessage().contains("9 losses"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupTilted(Double.NaN, 1));
    assertTrue(e.getMessage().contains("tau"), e.getMessage());
    assertEquals("groupTilted(tau=1,t=-2)", obj.name());
  }
}
