package org.probity.federated;

import java.util.List;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Arithmetic on whole parameter sets as flat vectors, which is all server aggregation needs.
 * Sums run in double in a fixed order (replies sorted by client id), so aggregation is exact to
 * the last bit whatever order the clients finished in.
 */
public final class ParamMath {
  private ParamMath() {}

  /** Σ_k weights[k] · params[k] (weights used as given). */
  public static Params weightedSum(List<Params> params, double[] weights) {
    if (params.isEmpty() || params.size() != weights.length) {
      throw new IllegalArgumentException("weightedSum: " + params.size() + " parameter sets and " + weights.length
          + " weights");
    }
    Params first = params.get(0);
    int n = first.count();
    double[] acc = new double[n];
    for (int k = 0; k < params.size(); k++) {
      Params p = params.get(k);
      if (p.count() != n) {
        throw new IllegalArgumentException("weightedSum: parameter set " + k + " has " + p.count() + " values, the first "
            + n);
      }
      double w = weights[k];
      int off = 0;
      for (Tensor t : p.byName().values()) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
          acc[off + i] += w * d[i];
        }
        off += d.length;
      }
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) acc[i];
    }
    return first.unflatten(Tensor.wrap(out, org.probity.tensor.Shape.of(n)));
  }

  /** a − b, as new parameters. */
  public static Params sub(Params a, Params b) {
    float[] x = a.flatten().data();
    float[] y = b.flatten().data();
    if (x.length != y.length) {
      throw new IllegalArgumentException("sub: " + x.length + " and " + y.length + " values");
    }
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] - y[i];
    }
    return a.unflatten(Tensor.wrap(out, org.probity.tensor.Shape.of(out.length)));
  }

  /** A deep copy (fresh tensors, no gradients). */
  public static Params copy(Params p) {
    return p.unflatten(p.flatten());
  }

  /** True when every value is finite. */
  public static boolean allFinite(Params p) {
    for (Tensor t : p.byName().values()) {
      for (float v : t.data()) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }
}
