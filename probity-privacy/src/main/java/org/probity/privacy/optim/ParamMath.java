package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The few element-wise operations on named parameter trees that the preconditioned optimisers need
 * (Optax does them with {@code jax.tree.map}): fresh trees filled with a value, scaled copies and
 * the preconditioner algebra, each on the flat {@code float[]} of every tensor. Package-private:
 * users see only {@link Params}. Every operation returns fresh tensors, so optimiser states stay
 * values that a caller may keep.
 */
final class ParamMath {
  private ParamMath() {}

  /** Fresh tensors filled with {@code value}, with {@code like}'s names and shapes. */
  static Params full(Params like, float value) {
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

  /**
   * {@code factor · p}, multiplied in float exactly as core's {@code Transforms.scale} does, so a
   * step taken here and one taken through a core chain agree bit for bit.
   */
  static Params scaled(Params p, double factor) {
    float f = (float) factor;
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : p.byName().entrySet()) {
      float[] a = e.getValue().data();
      float[] o = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = f * a[i];
      }
      out.put(e.getKey(), Tensor.wrap(o, e.getValue().shape()));
    }
    return new Params(out);
  }

  /** {@code a + b}, same names and shapes. */
  static Params plus(Params a, Params b) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : a.byName().entrySet()) {
      float[] x = e.getValue().data();
      float[] y = same("plus", e.getKey(), e.getValue(), b).data();
      float[] o = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        o[i] = x[i] + y[i];
      }
      out.put(e.getKey(), Tensor.wrap(o, e.getValue().shape()));
    }
    return new Params(out);
  }

  /**
   * {@code keep · a + add · (g / count)²}: RMSProp's moving average (keep = γ, add = 1 − γ) or
   * AdaGrad's sum (keep = add = 1) of the squared average of {@code count} accumulated gradients.
   */
  static Params accumulateSquaredMean(Params a, Params gSum, int count, double keep, double add) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : a.byName().entrySet()) {
      float[] x = e.getValue().data();
      float[] g = same("accumulateSquaredMean", e.getKey(), e.getValue(), gSum).data();
      float[] o = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        double m = (double) g[i] / count;
        o[i] = (float) (keep * x[i] + add * m * m);
      }
      out.put(e.getKey(), Tensor.wrap(o, e.getValue().shape()));
    }
    return new Params(out);
  }

  /** {@code sqrt(a) + eps}: the divisor a second-moment preconditioner applies. */
  static Params sqrtPlus(Params a, double eps) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : a.byName().entrySet()) {
      float[] x = e.getValue().data();
      float[] o = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        o[i] = (float) (Math.sqrt(x[i]) + eps);
      }
      out.put(e.getKey(), Tensor.wrap(o, e.getValue().shape()));
    }
    return new Params(out);
  }

  /** {@code a + c} element-wise for a scalar c. */
  static Params plus(Params a, double c) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : a.byName().entrySet()) {
      float[] x = e.getValue().data();
      float[] o = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        o[i] = (float) (x[i] + c);
      }
      out.put(e.getKey(), Tensor.wrap(o, e.getValue().shape()));
    }
    return new Params(out);
  }

  /** Throws unless {@code other} has a tensor named {@code name} shaped like {@code like}. */
  static Tensor same(String op, String name, Tensor like, Params other) {
    Tensor t = other.byName().get(name);
    if (t == null || !t.shape().equals(like.shape())) {
      throw new IllegalArgumentException(op + ": '" + name + "' is " + (t == null ? "missing from " + other.names()
          : "of shape " + t.shape()) + " but should have shape " + like.shape());
    }
    return t;
  }

  /** Throws unless {@code other} has exactly {@code like}'s names and shapes. */
  static void sameLayout(String op, String what, Params like, Params other) {
    if (other == null) {
      throw new IllegalArgumentException(op + ": " + what + " is null");
    }
    if (other.byName().size() != like.byName().size()) {
      throw new IllegalArgumentException(op + ": " + what + " has " + other.names() + " but the parameters have "
          + like.names());
    }
    for (Map.Entry<String, Tensor> e : like.byName().entrySet()) {
      same(op, e.getKey(), e.getValue(), other);
    }
  }
}
