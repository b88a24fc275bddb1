package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Tilted;
import org.probity.core.train.GradientOracle;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Conv2d;
import org.probity.tensor.nn.Flatten;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/**
 * {@link ClippedGradient} against brute force: each example's gradient computed alone (its own
 * forward and backward pass on a batch of one), clipped by hand in double precision and summed.
 */
class ClippedGradientTest {
  private static final LossFunction CE = LossFunction.crossEntropy();

  private static Dataset data(int n, int features, int classes, long seed) {
    Rng rng = new Rng(seed);
    Tensor x = Tensor.randn(rng.derive("x"), n, features);
    // Spread the examples' scales so that their gradient norms differ a lot.
    float[] d = x.data();
    for (int i = 0; i < n; i++) {
      float s = (float) Math.exp(rng.nextGaussian());
      for (int j = 0; j < features; j++) {
        d[i * features + j] *= s;
      }
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(classes);
    }
    return Dataset.classification("clip", x, y, classes);
  }

  private static Sequential mlp(int in, int hidden, int out, long seed) {
    return new Sequential(new Linear(in, hidden, new Rng(seed)), new ReLU(), new Linear(hidden, out, new Rng(seed + 1)));
  }

  /** Example i's gradient alone, parameter by parameter in the model's order, in double. */
  private static List<double[]> gradientAlone(Module model, Dataset data, int i) {
    model.params().zeroGrad();
    Batch one = data.batch(new int[] {i});
    try (Tape tape = Tape.start()) {
      tape.backward(CE.perExample(model.forward(one.x()), one).sum());
    }
    List<double[]> g = new ArrayList<>();
    for (Tensor p : model.params().tensors()) {
      double[] v = new double[p.size()];
      if (p.grad() != null) {
        float[] d = p.grad().data();
        for (int k = 0; k < v.length; k++) {
          v[k] = d[k];
        }
      }
      g.add(v);
    }
    model.params().zeroGrad();
    return g;
  }

  private static double norm(List<double[]> g) {
    double s = 0;
    for (double[] v : g) {
      for (double x : v) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** Σ_i clip_C(g_i), every example alone. */
  private static List<double[]> bruteForce(Module model, Dataset data, int[] rows, double c) {
    List<double[]> sum = null;
    for (int i : rows) {
      List<double[]> g = gradientAlone(model, data, i);
      double f = Math.min(1.0, c / norm(g));
      if (sum == null) {
        sum = new ArrayList<>();
        for (double[] v : g) {
          sum.add(new double[v.length]);
        }
      }
      for (int p = 0; p < g.size(); p++) {
        for (int k = 0; k < g.get(p).length; k++) {
          sum.get(p)[k] += f * g.get(p)[k];
        }
      }
    }
    return sum;
  }

  private static List<double[]> oracleGradient(GradientOracle oracle, Module model, Dataset data, int[] rows) {
    model.params().zeroGrad();
    GradientOracle.StepLoss r = oracle.compute(model, CE, Mean.INSTANCE, data.batch(rows));
    assertTrue(r.finite());
    List<double[]> g = new ArrayList<>();
    for (Tensor p : model.params().tensors()) {
      double[] v = new double[p.size()];
      if (p.grad() != null) {
        for (int k = 0; k < v.length; k++) {
          v[k] = p.grad().data()[k];
        }
      }
      g.add(v);
    }
    model.params().zeroGrad();
    return g;
  }

  private static double relErr(List<double[]> actual, List<double[]> expected) {
    double diff = 0;
    double ref = 0;
    for (int p = 0; p < expected.size(); p++) {
      for (int k = 0; k < expected.get(p).length; k++) {
        double d = actual.get(p)[k] - expected.get(p)[k];
        diff += d * d;
        ref += expected.get(p)[k] * expected.get(p)[k];
      }
    }
    return Math.sqrt(diff / ref);
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** A clip bound at the median norm, so half the examples are clipped and half are not. */
  private static double medianNorm(Module model, Dataset data) {
    double[] norms = new double[data.size()];
    for (int i = 0; i < norms.length; i++) {
      norms[i] = norm(gradientAlone(model, data, i));
    }
    java.util.Arrays.sort(norms);
    return norms[norms.length / 2];
  }

  @Test
  void everyExampleAloneIsClippedToTheBound() {
    Dataset data = data(12, 9, 4, 1);
    Sequential model = mlp(9, 7, 4, 2);
    double c = medianNorm(model, data);
    ClippedGradient oracle = new ClippedGradient(c);
    int clipped = 0;
    for (int i = 0; i < data.size(); i++) {
      List<double[]> alone = gradientAlone(model, data, i);
      List<double[]> out = oracleGradient(oracle, model, data, new int[] {i});
      double before = norm(alone);
      double after = norm(out);
      assertTrue(after <= c * (1 + 1e-6), "example " + i + ": norm " + after + " after clipping exceeds C=" + c);
      if (before > c) {
        clipped++;
        assertEquals(c, after, 1e-5 * c, "example " + i + " with norm " + before + " should be scaled to C");
      } else {
        assertTrue(relErr(out, alone) < 1e-6, "example " + i + " within the bound must be left as it is");
      }
    }
    assertTrue(clipped >= 3 && clipped <= 9, "the test needs clipped and unclipped examples, got " + clipped);
  }

  @Test
  void clippedSumEqualsBruteForceOnAnMlp() {
    Dataset data = data(16, 10, 3, 3);
    Sequential model = mlp(10, 8, 3, 4);
    double c = medianNorm(model, data);
    int[] rows = range(16);
    double err = relErr(oracleGradient(new ClippedGradient(c), model, data, rows), bruteForce(model, data, rows, c));
    assertTrue(err < 1e-5, "clipped sum differs from brute force by " + err);
  }

  @Test
  void clippedSumEqualsBruteForceWithConvolutions() {
    // Conv2d hands materialised per-example gradients to the weighted collector; Linear defers.
    Rng rng = new Rng(5);
    Tensor x = Tensor.randn(rng, 6, 1, 5, 5);
    int[] y = {0, 1, 2, 0, 1, 2};
    Dataset data = Dataset.classification("conv", x, y, 3);
    Sequential model = new Sequential(new Conv2d(1, 2, 3, 1, 0, new Rng(6)), new ReLU(), new Flatten(),
        new Linear(18, 3, new Rng(7)));
    double c = medianNorm(model, data);
    int[] rows = range(6);
    double err = relErr(oracleGradient(new ClippedGradient(c), model, data, rows), bruteForce(model, data, rows, c));
    assertTrue(err < 1e-5, "clipped sum with a convolution differs from brute force by " + err);
  }

  /** One Linear applied twice: its per-example norm is not a sum over uses. */
  private static final class Twice implements Module {
    final Linear shared = new Linear(5, 5, new Rng(8));
    final Linear head = new Linear(5, 3, new Rng(9));

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(shared.forward(shared.forward(x).relu()).relu());
    }

    @Override
    public Params params() {
      Map<String, Tensor> m = new LinkedHashMap<>();
      m.put("shared.weight", shared.weight());
      m.put("shared.bias", shared.bias());
      m.put("head.weight", head.weight());
      m.put("head.bias", head.bias());
      return new Params(m);
    }
  }

  @Test
  void weightSharingFallsBackToMaterialisedGradients() {
    Dataset data = data(8, 5, 3, 10);
    Twice model = new Twice();
    double c = medianNorm(model, data);
    ClippedGradient oracle = new ClippedGradient(c);
    assertFalse(oracle.materialising());
    int[] rows = range(8);
    double err = relErr(oracleGradient(oracle, model, data, rows), bruteForce(model, data, rows, c));
    assertTrue(oracle.materialising(), "weight sharing should switch to materialised per-example gradients");
    assertTrue(err < 1e-5, "clipped sum under weight sharing differs from brute force by " + err);
  }

  /** A parameter used by a plain op, outside any layer with a grad sampler. */
  private static final class RawScale implements Module {
    final Linear lin = new Linear(4, 3, new Rng(11));
    final Tensor scale = Tensor.ones(3).requiresGrad(true);

    @Override
    public Tensor forward(Tensor x) {
      return lin.forward(x).mul(scale);
    }

    @Override
    public Params params() {
      Map<String, Tensor> m = new LinkedHashMap<>(lin.params().byName());
      m.put("scale", scale);
      return new Params(m);
    }
  }

  @Test
  void aParameterOutsideEveryGradSamplerIsRefused() {
    Dataset data = data(4, 4, 3, 12);
    RawScale model = new RawScale();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ClippedGradient(1.0).compute(model, CE, Mean.INSTANCE, data.batch(range(4))));
    assertTrue(e.getMessage().contains("'scale'"), e.getMessage());
  }

  @Test
  void onlyTheMeanObjectiveIsAccepted() {
    Dataset data = data(4, 4, 3, 13);
    Sequential model = mlp(4, 3, 3, 14);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClippedGradient(1.0).compute(model, CE, new Tilted(1.0), data.batch(range(4))));
    assertTrue(e.getMessage().contains("mean objective"), e.getMessage());
  }

  @Test
  void anEmptyBatchGivesNoGradient() {
    Dataset data = data(4, 4, 3, 15);
    Sequential model = mlp(4, 3, 3, 16);
    GradientOracle.StepLoss r = new ClippedGradient(1.0).compute(model, CE, Mean.INSTANCE, data.batch(new int[0]));
    assertTrue(Double.isNaN(r.objective()));
    for (Tensor p : model.params().tensors()) {
      assertEquals(null, p.grad());
    }
  }

  @Test
  void badClipNormsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ClippedGradient(0));
    assertThrows(IllegalArgumentException.class, () -> new ClippedGradient(-1));
    assertThrows(IllegalArgumentException.class, () -> new ClippedGradient(Double.NaN));
  }
}
