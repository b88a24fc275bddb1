package org.probity.tensor.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * A model's parameters: ordered, named tensors. This is the unit that is saved to safetensors,
 * sent between federated clients and server, and noised by DP mechanisms, which is why it
 * flattens to one vector and back: aggregation and noise then work on plain arrays.
 */
public record Params(Map<String, Tensor> byName) {
  public Params {
    byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public static Params of(Map<String, Tensor> byName) {
    return new Params(byName);
  }

  public Tensor get(String name) {
    Tensor t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'; have " + byName.keySet());
    }
    return t;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Tensor> tensors() {
    return List.copyOf(byName.values());
  }

  /** Total number of scalar parameters. */
  public int count() {
    int n = 0;
    for (Tensor t : byName.values()) {
      n += t.size();
    }
    return n;
  }

  /** All parameters concatenated in order into one rank-1 tensor (a copy). */
  public Tensor flatten() {
    float[] out = new float[count()];
    int off = 0;
    for (Tensor t : byName.values()) {
      System.arraycopy(t.data(), 0, out, off, t.size());
      off += t.size();
    }
    return Tensor.wrap(out, Shape.of(out.length));
  }

  /** New parameters with these names and shapes, filled from a flat vector (inverse of flatten). */
  public Params unflatten(Tensor flat) {
    if (flat.rank() != 1 || flat.size() != count()) {
      throw new IllegalArgumentException("unflatten: expected a vector of " + count() + " values, got shape "
          + flat.shape());
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    int off = 0;
    for (Map.Entry<String, Tensor> e : byName.entrySet()) {
      Tensor t = e.getValue();
      float[] d = new float[t.size()];
      System.arraycopy(flat.data(), off, d, 0, d.length);
      off += d.length;
      out.put(e.getKey(), Tensor.wrap(d, t.shape()));
    }
    return new Params(out);
  }

  /** Copies the values of {@code source} (same names and shapes) into these tensors, in place. */
  public void assign(Params source) {
    for (Map.Entry<String, Tensor> e : byName.entrySet()) {
      Tensor src = source.get(e.getKey());
      if (!src.shape().equals(e.getValue().shape())) {
        throw new IllegalArgumentException("assign: parameter '" + e.getKey() + "' has shape " + e.getValue().shape()
            + " but the source has " + src.shape());
      }
      System.arraycopy(src.data(), 0, e.getValue().data(), 0, src.size());
    }
  }

  /** The accumulated gradients under the same names (zeros where none arrived). */
  public Params grads() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : byName.entrySet()) {
      Tensor g = e.getValue().grad();
      out.put(e.getKey(), g != null ? g : Tensor.zeros(e.getValue().shape()));
    }
    return new Params(out);
  }

  public void zeroGrad() {
    for (Tensor t : byName.values()) {
      t.zeroGrad();
    }
  }
}
