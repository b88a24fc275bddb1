package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * An independent, deliberately plain implementation of one private release (double precision, one
 * example at a time), used by the tests as the hand computation the optimisers must match.
 */
final class NaiveRelease {
  private NaiveRelease() {}

  /**
   * (Σ_i clip_C(g_i / D) + σC·z) / expected, with D = null meaning 1 and z the standard normals that
   * DP-SGD's noise link draws for {@code step} from {@code noise} (read off by noising zeros).
   */
  static double[][] release(PerExampleGradients g, double[][] divisor, double c, double sigma, double expected,
      Rng noise, long step) {
    int b = g.batchSize();
    Tensor[] ts = g.byName().byName().values().toArray(new Tensor[0]);
    double[][] sum = new double[ts.length][];
    for (int k = 0; k < ts.length; k++) {
      sum[k] = new double[ts[k].shape().without(0).size()];
    }
    for (int i = 0; i < b; i++) {
      double[][] ex = new double[ts.length][];
      double sq = 0;
      for (int k = 0; k < ts.length; k++) {
        int p = sum[k].length;
        ex[k] = new double[p];
        for (int j = 0; j < p; j++) {
          ex[k][j] = ts[k].data()[i * p + j] / (divisor == null ? 1.0 : divisor[k][j]);
          sq += ex[k][j] * ex[k][j];
        }
      }
      double norm = Math.sqrt(sq);
      double f = norm > c ? c / norm : 1.0;
      for (int k = 0; k < ts.length; k++) {
        for (int j = 0; j < ex[k].length; j++) {
          sum[k][j] += f * ex[k][j];
        }
      }
    }
    double[][] z = sigma > 0 ? standardNormals(g, noise, step) : null;
    for (int k = 0; k < ts.length; k++) {
      for (int j = 0; j < sum[k].length; j++) {
        if (sigma > 0) {
          sum[k][j] += sigma * c * z[k][j];
        }
        sum[k][j] /= expected;
      }
    }
    return sum;
  }

  /** The N(0, 1) draws of DP-SGD's noise link at {@code step}, per parameter of {@code g}. */
  static double[][] standardNormals(PerExampleGradients g, Rng noise, long step) {
    Map<String, Tensor> zeros = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : g.byName().byName().entrySet()) {
      zeros.put(e.getKey(), Tensor.zeros(e.getValue().shape().without(0)));
    }
    Params zp = new Params(zeros);
    return arrays(DpTransforms.gaussianNoise(1.0, 1.0, 1.0, noise).update(zp, new GaussianNoise.State(step), zp)
        .updates());
  }

  static double[][] arrays(Params p) {
    double[][] out = new double[p.byName().size()][];
    int k = 0;
    for (Tensor t : p.byName().values()) {
      out[k] = new double[t.size()];
      for (int j = 0; j < t.size(); j++) {
        out[k][j] = t.data()[j];
      }
      k++;
    }
    return out;
  }

  static Params toParams(Params like, double[][] a) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    int k = 0;
    for (Map.Entry<String, Tensor> e : like.byName().entrySet()) {
      float[] d = new float[a[k].length];
      for (int j = 0; j < d.length; j++) {
        d[j] = (float) a[k][j];
      }
      m.put(e.getKey(), Tensor.wrap(d, e.getValue().shape()));
      k++;
    }
    return new Params(m);
  }

  static void assertClose(double[][] want, Params got, double tol, String what) {
    double[][] g = arrays(got);
    for (int k = 0; k < want.length; k++) {
      for (int j = 0; j < want[k].length; j++) {
        double scale = Math.max(1, Math.abs(want[k][j]));
        if (Math.abs(want[k][j] - g[k][j]) > tol * scale) {
          throw new AssertionError(what + ": tensor " + k + " index " + j + " want " + want[k][j] + " got " + g[k][j]);
        }
      }
    }
  }
}
