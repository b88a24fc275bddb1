package org.probity.core.train;

import java.util.List;
import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/** A tiny smooth model and batch for the adversarial-oracle tests, and finite differences over them. */
final class AdversarialFixtures {
  static final int IN = 4;
  static final int CLASSES = 3;
  static final int B = 3;

  private AdversarialFixtures() {}

  /** An MLP 4-5-3 with tanh (smooth, so central differences are accurate). */
  static Module model(long seed) {
    return Models.build(ModelSpec.mlp(List.of(5), "tanh", 0.0), Shape.of(IN), CLASSES, new Rng(seed));
  }

  static Batch batch(long seed) {
    Rng r = new Rng(seed);
    float[] x = new float[B * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return withX(Tensor.wrap(x, Shape.of(B, IN)), new int[] {0, 2, 1});
  }

  static Batch withX(Tensor x, int[] labels) {
    int[] idx = new int[labels.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new Batch(x, labels, null, null, null, idx);
  }

  /** Example i's loss at x (no tape), in double. */
  static double exampleLoss(Module m, LossFunction loss, Batch b, float[] x, int i) {
    Batch shifted = withX(Tensor.wrap(x, b.x().shape()), b.labels());
    return loss.perExample(m.forward(shifted.x()), shifted).data()[i];
  }

  /** Central-difference gradient of each example's loss with respect to its own input, [B * IN]. */
  static double[] inputGradient(Module m, LossFunction loss, Batch b, double h) {
    float[] x = b.x().data().clone();
    int d = x.length / b.size();
    double[] g = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      float keep = x[k];
      x[k] = (float) (keep + h);
      double up = exampleLoss(m, loss, b, x, k / d);
      x[k] = (float) (keep - h);
      double down = exampleLoss(m, loss, b, x, k / d);
      x[k] = keep;
      g[k] = (up - down) / (2 * h);
    }
    return g;
  }

  /** Every parameter's gradient, flattened in parameter order; zeros where a parameter has none. */
  static float[] grads(Module m) {
    int n = 0;
    for (Tensor p : m.params().tensors()) {
      n += p.size();
    }
    float[] out = new float[n];
    int off = 0;
    for (Tensor p : m.params().tensors()) {
      if (p.grad() != null) {
        System.arraycopy(p.grad().data(), 0, out, off, p.size());
      }
      off += p.size();
    }
    return out;
  }

  /** Central differences of {@code f} over every parameter of {@code m}, flattened in parameter order. */
  static double[] paramGradient(Module m, java.util.function.DoubleSupplier f, double h) {
    int n = 0;
    for (Tensor p : m.params().tensors()) {
      n += p.size();
    }
    double[] g = new double[n];
    int off = 0;
    for (Tensor p : m.params().tensors()) {
      float[] v = p.data();
      for (int k = 0; k < v.length; k++) {
        float keep = v[k];
        v[k] = (float) (keep + h);
        double up = f.getAsDouble();
        v[k] = (float) (keep - h);
        double down = f.getAsDouble();
        v[k] = keep;
        g[off + k] = (up - down) / (2 * h);
      }
      off += v.length;
    }
    return g;
  }

  static double meanLoss(Module m, LossFunction loss, Batch b) {
    float[] v = loss.perExample(m.forward(b.x()), b).data();
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }
}
