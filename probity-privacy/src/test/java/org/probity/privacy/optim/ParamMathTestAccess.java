package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Test helper: a single example's gradient divided by a preconditioner, computed naively. */
final class ParamMathTestAccess {
  private ParamMathTestAccess() {}

  static Params divide(PerExampleGradients one, Params divisor) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : one.byName().byName().entrySet()) {
      float[] g = e.getValue().data();
      float[] d = divisor.get(e.getKey()).data();
      float[] o = new float[d.length];
      for (int j = 0; j < d.length; j++) {
        o[j] = (float) ((double) g[j] / d[j]);
      }
      out.put(e.getKey(), Tensor.vector(o));
    }
    return new Params(out);
  }
}
