package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server sees of one client: a masked update that looks like uniform noise over Z_2^32. */
public class MaskedViewTest {
  private static final int L = 10_000;

  /** Pearson correlation of two int vectors (also used by the transport's deployment test). */
  public static double pearson(int[] a, int[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return sab / Math.sqrt(saa * sbb);
  }

  /** χ² of the top 4 bits of each word against 16 equal buckets (15 degrees of freedom, mean 15). */
  static double chiSquare16(int[] y) {
    int[] counts = new int[16];
    for (int v : y) {
      counts[v >>> 28]++;
    }
    double expected = y.length / 16.0;
    double chi = 0;
    for (int c : counts) {
      chi += (c - expected) * (c - expected) / expected;
    }
    return chi;
  }

  @Test
  void oneMaskedUpdateLooksLikeNoise() {
    SecAggConfig c = SecAggConfig.of(L, 16, 1.0, 3);
    int[] ids = {0, 1, 2};
    float[][] x = SecAggHarness.inputs(3, L, 1.0, 5);
    // A structured input, strongly correlated with its own index, to make any leak visible.
    for (int i = 0; i < L; i++) {
      x[1][i] = (float) (i / (double) L - 0.5) + 0.1f * x[1][i];
    }
    Map<Integer, float[]> in = new HashMap<>();
    for (int k = 0; k < 3; k++) {
      in.put(ids[k], x[k]);
    }
    SecAggHarness h = new SecAggHarness(c, 11, ids, 8);
    h.run(in, Map.of());
    Quantizer q = new Quantizer(c);
    for (int id : ids) {
      int[] qx = q.quantize(in.get(id));
      int[] y = h.masked.get(id).masked();
      double r = pearson(y, qx);
      assertTrue(Math.abs(r) < 0.05, "client " + id + ": correlation " + r);
      double chi = chiSquare16(y);
      assertTrue(chi < 60, "client " + id + ": chi-square " + chi);
      // The same statistics do detect the unmasked input: the test can fail.
      assertEquals(1.0, pearson(qx, qx), 1e-12);
      assertTrue(chiSquare16(qx) > 1000, "unmasked input is far from uniform");
    }
  }
}
