package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.BinaryCrossEntropy;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;

/** Small shared inputs for the preconditioned-optimiser tests: random per-example gradients and a logistic model. */
final class Fixtures {
  private Fixtures() {}

  /** Per-example gradients for parameters "w" [rows, cols] and "b" [rows], entries N(0, scale²) per column scale. */
  static PerExampleGradients randomGrads(int batch, int rows, int cols, double[] colScale, Rng rng) {
    float[] w = new float[batch * rows * cols];
    float[] b = new float[batch * rows];
    for (int i = 0; i < batch; i++) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          w[(i * rows + r) * cols + c] = (float) (colScale[c] * rng.nextGaussian());
        }
        b[i * rows + r] = (float) rng.nextGaussian();
      }
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.wrap(w, Shape.of(batch, rows, cols)));
    m.put("b", Tensor.wrap(b, Shape.of(batch, rows)));
    return new PerExampleGradients(new Params(m), batch);
  }

  static Params params(int rows, int cols) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.zeros(rows, cols));
    m.put("b", Tensor.zeros(rows));
    return new Params(m);
  }

  /** Per-example logistic losses of {@code model} on (x, y); shape [B]. */
  static Tensor logisticLosses(Linear model, Tensor x, float[] y) {
    Tensor logits = model.forward(x).reshape(x.dim(0));
    return BinaryCrossEntropy.withLogits(logits, Tensor.vector(y));
  }

  static Tensor randomX(int n, int d, Rng rng) {
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return Tensor.wrap(x, Shape.of(n, d));
  }

  static float[] randomLabels(int n, Rng rng) {
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextDouble() < 0.5 ? 0f : 1f;
    }
    return y;
  }

  static double norm(Params p) {
    double s = 0;
    for (Tensor t : p.byName().values()) {
      for (float v : t.data()) {
        s += (double) v * v;
      }
    }
    return Math.sqrt(s);
  }

  /**
   * Trains {@code model} in place with {@code opt} for {@code steps} steps on contiguous batches of
   * {@code batch} rows of (x, y), cycling; returns the final state.
   */
  static <S> S train(PrivateOptimizer<S> opt, Linear model, Tensor x, float[] y, int batch, int steps) {
    S state = opt.init(model.params());
    int n = x.dim(0);
    int d = x.dim(1);
    for (int t = 0; t < steps; t++) {
      int start = (t * batch) % (n - batch + 1);
      Tensor xb = Tensor.wrap(java.util.Arrays.copyOfRange(x.data(), start * d, (start + batch) * d),
          Shape.of(batch, d));
      float[] yb = java.util.Arrays.copyOfRange(y, start, start + batch);
      PerExampleGradients g = PerExampleGradients.compute(model.params(), () -> logisticLosses(model, xb, yb));
      org.probity.core.optim.Update<S> u = opt.update(g, state, model.params());
      org.probity.core.optim.Transforms.applyUpdates(model.params(), u.updates());
      state = u.state();
    }
    return state;
  }
}
