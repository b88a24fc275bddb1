package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class ActivationModulesTest {
  private static final float[] X = {-2.5f, -0.7f, 0.3f, 1.9f};

  @Test
  void valuesAgainstClosedForms() {
    Tensor x = Tensor.of(X, 2, 2);
    Tensor r = new ReLU().forward(x);
    Tensor t = new Tanh().forward(x);
    Tensor s = new Sigmoid().forward(x);
    Tensor g = new GELU().forward(x);
    // Φ at the four points (erf tables).
    double[] phi = {0.006209665, 0.241963652, 0.617911422, 0.971283440};
    for (int i = 0; i < X.length; i++) {
      assertEquals(Math.max(X[i], 0), r.data()[i], 1e-7);
      assertEquals(Math.tanh(X[i]), t.data()[i], 1e-6);
      assertEquals(1 / (1 + Math.exp(-X[i])), s.data()[i], 1e-6);
      assertEquals(X[i] * phi[i], g.data()[i], 1e-5);
    }
    assertTrue(new ReLU().params().byName().isEmpty());
  }

  @Test
  void gradCheckEachActivation() {
    Tensor x = Tensor.of(X, 2, 2);
    GradCheck.verify("ReLU", in -> new ReLU().forward(in[0]), x);
    GradCheck.verify("Tanh", in -> new Tanh().forward(in[0]), x);
    GradCheck.verify("Sigmoid", in -> new Sigmoid().forward(in[0]), x);
    GradCheck.verify("GELU", in -> new GELU().forward(in[0]), x);
  }

  @Test
  void flattenKeepsBatchDimension() {
    Tensor x = Tensor.randn(new Rng(1), 2, 3, 4);
    Tensor y = new Flatten().forward(x);
    assertEquals(Shape.of(2, 12), y.shape());
    for (int i = 0; i < x.size(); i++) {
      assertEquals(x.data()[i], y.data()[i]);
    }
    GradCheck.verify("flatten", in -> new Flatten().forward(in[0]), x);
  }
}
