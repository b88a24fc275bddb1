package org.probity.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * {@link Params} as Spark can ship them: names, shapes and float arrays in order. Params and
 * Tensor are not {@link Serializable} (the tensor library stays free of Java serialization), so the
 * global model, the replies and the personal states cross the wire in this form and are wrapped
 * back without copying on the other side.
 */
final class WireParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[][] shapes;
  private final float[][] values;

  private WireParams(String[] names, int[][] shapes, float[][] values) {
    this.names = names;
    this.shapes = shapes;
    this.values = values;
  }

  /** {@code p}'s arrays, copied when {@code copy} (for values the sender may still change). */
  static WireParams of(Params p, boolean copy) {
    List<String> ns = p.names();
    String[] names = ns.toArray(new String[0]);
    int[][] shapes = new int[names.length][];
    float[][] values = new float[names.length][];
    for (int i = 0; i < names.length; i++) {
      Tensor t = p.get(names[i]);
      shapes[i] = t.shape().dims();
      values[i] = copy ? t.data().clone() : t.data();
    }
    return new WireParams(names, shapes, values);
  }

  Params toParams() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], Tensor.wrap(values[i], Shape.of(shapes[i])));
    }
    return new Params(m);
  }

  /** Number of scalar parameters. */
  long count() {
    long n = 0;
    for (float[] v : values) {
      n += v.length;
    }
    return n;
  }

  boolean allFinite() {
    for (float[] v : values) {
      for (float x : v) {
        if (!Float.isFinite(x)) {
          return false;
        }
      }
    }
    return true;
  }

  /** acc += w · this, over the parameters in order (the loop of ParamMath.weightedSum). */
  void addScaledTo(double[] acc, double w) {
    int off = 0;
    for (float[] d : values) {
      for (int i = 0; i < d.length; i++) {
        acc[off + i] += w * d[i];
      }
      off += d.length;
    }
  }
}
