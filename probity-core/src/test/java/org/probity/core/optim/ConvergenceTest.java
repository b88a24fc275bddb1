package org.probity.core.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Every optimiser minimises an ill-conditioned quadratic {@code ½ Σ a_i (x_i − c_i)²} through the
 * real training path: loss on the tape, backward, {@link Params#grads()}, {@link Optimizer#step()}.
 */
class ConvergenceTest {
  private static final float[] A = {1f, 10f, 0.5f, 4f};
  private static final float[] C = {1f, -2f, 3f, 0.5f};

  private static double distanceAfter(GradientTransform<?> tx, int steps) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("x", Tensor.zeros(4).requiresGrad(true));
    Params params = new Params(m);
    Optimizer opt = new Optimizer(tx, params);
    Tensor a = Tensor.vector(A);
    Tensor c = Tensor.vector(C);
    for (int s = 0; s < steps; s++) {
      params.zeroGrad();
      try (Tape tape = Tape.start()) {
        Tensor loss = params.get("x").sub(c).square().mul(a).sum().mul(0.5f);
        tape.backward(loss);
      }
      opt.step();
    }
    float[] x = params.get("x").data();
    double d = 0;
    for (int i = 0; i < 4; i++) {
      d = Math.max(d, Math.abs(x[i] - C[i]));
    }
    return d;
  }

  private static void converges(String name, GradientTransform<?> tx, int steps, double tol) {
    double d = distanceAfter(tx, steps);
    assertTrue(d < tol, name + ": max |x − c| = " + d + " after " + steps + " steps (want < " + tol + ")");
  }

  @Test
  void allOptimisersReachTheMinimum() {
    converges("sgd", Optimizers.sgd(0.15), 400, 1e-4);
    converges("momentum", Optimizers.momentum(0.05, 0.9), 400, 1e-4);
    converges("nesterov", Optimizers.nesterov(0.05, 0.9), 400, 1e-4);
    converges("adam", Optimizers.adam(Schedules.cosine(0.1, 1500, 0.0)), 1500, 1e-3);
    converges("adamw (tiny decay)", Optimizers.adamw(Schedules.cosine(0.1, 1500, 0.0), 0.9, 0.999, 1e-8, 1e-6),
        1500, 1e-3);
    converges("rmsprop", Optimizers.rmsprop(Schedules.cosine(0.02, 1500, 0.0), 0.9, 1e-8), 1500, 1e-3);
    converges("adagrad", Optimizers.adagrad(0.5), 1500, 1e-3);
    converges("clipped sgd with warm-up",
        Transforms.chain(Transforms.clipByGlobalNorm(1.0),
            Transforms.scaleByLearningRate(Schedules.warmup(20, Schedules.constant(0.15)))), 600, 1e-4);
  }

  @Test
  void aDivergentStepSizeIsDetectedByTheTest() {
    // The check above can fail: plain GD with lr beyond 2 / max(a) = 0.2 does not converge.
    assertTrue(distanceAfter(Optimizers.sgd(0.25), 40) > 1.0); // (1 − 0.25·10)^40 ≈ 1e7
  }
}
