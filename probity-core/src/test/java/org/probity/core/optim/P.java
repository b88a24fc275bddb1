package org.probity.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Test helpers: small two-tensor parameter trees and element access in double. */
final class P {
  private P() {}

  /** Params {"w": [2, 2] from the first 4 values, "b": [n-4] from the rest}. */
  static Params of(float... v) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.of(java.util.Arrays.copyOfRange(v, 0, 4), 2, 2));
    m.put("b", Tensor.of(java.util.Arrays.copyOfRange(v, 4, v.length), v.length - 4));
    return new Params(m);
  }

  static double[] values(Params p) {
    float[] f = p.flatten().data();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static float[] copy(Params p) {
    return p.flatten().data();
  }
}
