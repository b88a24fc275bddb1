package org.probity.federated.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * L2 clipping of a whole model update, Δ·min(1, S/‖Δ‖), the step that bounds one client's influence
 * in DP-FedAvg (McMahan, Ramage, Talwar, Zhang, "Learning Differentially Private Recurrent Language
 * Models", ICLR 2018; Flower's fixed-clipping strategies and mod). The norm is taken over all
 * parameters together and in double; the scaled update is rounded to float and, should rounding put
 * it a hair above S, scaled down by one more ulp, so the bound the accountant relies on holds for
 * the float values themselves.
 */
public final class UpdateClipping {
  private UpdateClipping() {}

  /** ‖Δ‖₂ over every parameter, in double. */
  public static double norm(Params update) {
    double s = 0;
    for (Tensor t : update.byName().values()) {
      for (float v : t.data()) {
        s += (double) v * v;
      }
    }
    return Math.sqrt(s);
  }

  /** Δ scaled to norm at most {@code clipNorm} (unchanged when already within it). */
  public static Params clip(Params update, double clipNorm) {
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException("update clipping: clip norm S must be > 0, got " + clipNorm);
    }
    double n = norm(update);
    if (n <= clipNorm) {
      return update;
    }
    double factor = clipNorm / n;
    Params out = scale(update, factor);
    while (norm(out) > clipNorm) {
      factor = Math.nextDown(factor * (1 - 1e-7));
      out = scale(update, factor);
    }
    return out;
  }

  private static Params scale(Params p, double factor) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : p.byName().entrySet()) {
      float[] d = e.getValue().data();
      float[] r = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        r[i] = (float) (d[i] * factor);
      }
      out.put(e.getKey(), Tensor.wrap(r, e.getValue().shape()));
    }
    return new Params(out);
  }
}
