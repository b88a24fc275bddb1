package org.probity.federated.repro;

import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.federated.ClientData;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * The synthetic tabular federation of the bounded-group-loss reproduction (notes-federated-privacy
 * §4, after Hu, Wu, Smith et al., arXiv 2203.10190): client k holds a minority group (a = 1) in
 * share p_k = linspace(0.05, 0.5) over the clients; x ∈ R^10, x | a ~ N(μ_a + s_k, I) with a client
 * shift s_k ~ N(0, 0.5² I); label y = 1{x·w_a + 0.5 ε &gt; 0} with w_1 = w_0 rotated by 60°, so no
 * single linear model fits both groups and the minority pays for plain averaging. The notes leave
 * μ_a and w_0 open; here w_0 = e_0, w_1 = cos 60° e_0 + sin 60° e_1, μ_0 = 0 and μ_1 = e_2 (off the
 * plane of the two boundaries, so the group means do not change the label balance). Each client's
 * minority count is round(p_k · n), not drawn, so the group sizes are exactly the schedule's.
 */
public final class BglData {
  public static final int DIM = 10;
  public static final double ROTATION_DEGREES = 60;
  static final double SHIFT_SD = 0.5;
  static final double LABEL_NOISE = 0.5;

  private BglData() {}

  /** Minority share of client k of {@code clients}: linspace(0.05, 0.5). */
  public static double minorityShare(int k, int clients) {
    return clients == 1 ? 0.05 : 0.05 + 0.45 * k / (clients - 1);
  }

  /** {@code clients} clients with {@code train} and {@code test} rows each, all from {@code rng}. */
  public static Map<Integer, ClientData> clients(int clients, int train, int test, Rng rng) {
    if (clients < 1 || train < 1 || test < 1) {
      throw new IllegalArgumentException("bgl data: clients, train and test rows must be >= 1, got " + clients + ", "
          + train + ", " + test);
    }
    Map<Integer, ClientData> out = new TreeMap<>();
    for (int k = 0; k < clients; k++) {
      Rng rk = rng.derive("client").derive(k);
      double[] shift = new double[DIM];
      for (int j = 0; j < DIM; j++) {
        shift[j] = SHIFT_SD * rk.derive("shift").derive(j).nextGaussian();
      }
      double p = minorityShare(k, clients);
      out.put(k, new ClientData(rows("bgl-train-" + k, train, p, shift, rk.derive("train")), null,
          rows("bgl-test-" + k, test, p, shift, rk.derive("test"))));
    }
    return out;
  }

  private static Dataset rows(String name, int n, double minority, double[] shift, Rng rng) {
    int m = (int) Math.round(minority * n);
    float[] x = new float[n * DIM];
    int[] y = new int[n];
    int[] g = new int[n];
    double c = Math.cos(Math.toRadians(ROTATION_DEGREES));
    double s = Math.sin(Math.toRadians(ROTATION_DEGREES));
    for (int i = 0; i < n; i++) {
      int a = i < m ? 1 : 0;
      for (int j = 0; j < DIM; j++) {
        double mu = a == 1 && j == 2 ? 1 : 0;
        x[i * DIM + j] = (float) (mu + shift[j] + rng.nextGaussian());
      }
      double score = a == 0 ? x[i * DIM] : c * x[i * DIM] + s * x[i * DIM + 1];
      y[i] = score + LABEL_NOISE * rng.nextGaussian() > 0 ? 1 : 0;
      g[i] = a;
    }
    return Dataset.classification(name, Tensor.wrap(x, Shape.of(n, DIM)), y, 2).withGroups(g);
  }
}
