package org.probity.core.optim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The few tree operations that Optax does with {@code jax.tree.map}, done on the flat {@code float[]}
 * of each named tensor: fresh output trees shaped like an input, the data arrays in order, and a
 * check that two trees have the same names and shapes. Package-private: links use it, users see
 * only {@link Params}.
 */
final class ParamArrays {
  private ParamArrays() {}

  /** The data arrays of {@code p}'s tensors, in order (not copies). */
  static float[][] arrays(Params p) {
    float[][] out = new float[p.byName().size()][];
    int i = 0;
    for (Tensor t : p.byName().values()) {
      out[i++] = t.data();
    }
    return out;
  }

  /** Fresh zero tensors with {@code like}'s names and shapes. */
  static Params zerosLike(Params like) {
    return fullLike(like, 0f);
  }

  /** Fresh tensors filled with {@code value}, with {@code like}'s names and shapes. */
  static Params fullLike(Params like, float value) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : like.byName().entrySet()) {
      float[] d = new float[e.getValue().size()];
      if (value != 0f) {
        java.util.Arrays.fill(d, value);
      }
      out.put(e.getKey(), Tensor.wrap(d, e.getValue().shape()));
    }
    return new Params(out);
  }

  /** Wraps fresh arrays (same order) under {@code like}'s names and shapes. */
  static Params wrapLike(Params like, float[][] data) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Tensor> e : like.byName().entrySet()) {
      out.put(e.getKey(), Tensor.wrap(data[i++], e.getValue().shape()));
    }
    return new Params(out);
  }

  /** Fresh arrays sized like {@code like}'s tensors. */
  static float[][] newArrays(Params like) {
    float[][] out = new float[like.byName().size()][];
    int i = 0;
    for (Tensor t : like.byName().values()) {
      out[i++] = new float[t.size()];
    }
    return out;
  }

  /**
   * Throws unless {@code got} has exactly {@code expected}'s names, in order, with the same shapes;
   * {@code what} says which tree is wrong (for example "state.mu").
   */
  static void sameLayout(String op, Params expected, Params got, String what) {
    if (got == null) {
      throw new IllegalArgumentException(op + ": " + what + " is null");
    }
    Map<String, Tensor> a = expected.byName();
    Map<String, Tensor> b = got.byName();
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(op + ": " + what + " has " + b.size() + " tensors " + b.keySet()
          + " but the updates have " + a.size() + " " + a.keySet());
    }
    Iterator<Map.Entry<String, Tensor>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<String, Tensor>> ib = b.entrySet().iterator();
    while (ia.hasNext()) {
      Map.Entry<String, Tensor> ea = ia.next();
      Map.Entry<String, Tensor> eb = ib.next();
      if (!ea.getKey().equals(eb.getKey())) {
        throw new IllegalArgumentException(op + ": " + what + " has '" + eb.getKey() + "' where the updates have '"
            + ea.getKey() + "' (names " + b.keySet() + " vs " + a.keySet() + ")");
      }
      if (!ea.getValue().shape().equals(eb.getValue().shape())) {
        throw new IllegalArgumentException(op + ": " + what + " '" + eb.getKey() + "' has shape "
            + eb.getValue().shape() + " but the update has shape " + ea.getValue().shape());
      }
    }
  }
}
