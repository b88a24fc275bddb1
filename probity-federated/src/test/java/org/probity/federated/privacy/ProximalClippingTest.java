package org.probity.federated.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.privacy.optim.ClippedGradient;
import org.probity.privacy.optim.PerExampleGradients;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The clipped sum with a proximal term against a naive computation: each example's gradient by its
 * own backward pass, the prox term added, clipped, summed.
 */
class ProximalClippingTest {
  private static final int B = 9;

  private static Dataset data(Rng rng) {
    float[] x = new float[B * 5];
    int[] y = new int[B];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian() * 3;
    }
    for (int i = 0; i < B; i++) {
      y[i] = rng.nextInt(3);
    }
    return Dataset.classification("prox", Tensor.wrap(x, Shape.of(B, 5)), y, 3);
  }

  /** Row i's gradient of ℓ_i alone, by one backward pass per example. */
  private static float[][] naive(Module model, LossFunction loss, Dataset d) {
    float[][] out = new float[B][];
    for (int i = 0; i < B; i++) {
      Batch one = d.batch(new int[] {i});
      try (Tape tape = Tape.start()) {
        tape.backward(Mean.INSTANCE.reduce(loss.perExample(model.forward(one.x()), one), one));
      }
      out[i] = model.params().grads().flatten().data().clone();
      model.params().zeroGrad();
    }
    return out;
  }

  @Test
  void matchesClippingEachExampleWithItsProxTerm() {
    Rng rng = new Rng(3);
    Dataset d = data(rng);
    ModelSpec spec = ModelSpec.softmax();
    Module model = Models.build(spec, d, rng.derive("m"));
    LossFunction loss = LossFunction.forModel(spec, d);
    Params w = model.params();
    Params anchor = w.unflatten(Tensor.randn(rng.derive("a"), w.count()));
    double lambda = 0.7;
    double clip = 1.5;
    float[][] g = naive(model, loss, d);
    float[] wf = w.flatten().data();
    float[] af = anchor.flatten().data();
    double[] want = new double[wf.length];
    for (int i = 0; i < B; i++) {
      double sq = 0;
      double[] row = new double[wf.length];
      for (int j = 0; j < wf.length; j++) {
        row[j] = g[i][j] + lambda * (wf[j] - af[j]);
        sq += row[j] * row[j];
      }
      double f = Math.min(1, clip / Math.sqrt(sq));
      double clipped = 0;
      for (int j = 0; j < wf.length; j++) {
        want[j] += f * row[j];
        clipped += f * row[j] * f * row[j];
      }
      assertTrue(Math.sqrt(clipped) <= clip * (1 + 1e-12), "example " + i + " contributes more than C");
    }
    Batch all = d.all();
    PerExampleGradients pe = PerExampleGradients.compute(w, () -> loss.perExample(model.forward(all.x()), all));
    float[] got = ProximalClipping.clippedSum(pe, w, anchor, lambda, null, clip).flatten().data();
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], got[j], 1e-5 * Math.max(1, Math.abs(want[j])), "coordinate " + j);
    }
  }

  @Test
  void withoutProxItIsP2sClippedGradientAndFrozenParametersStayZero() {
    Rng rng = new Rng(8);
    Dataset d = data(rng);
    ModelSpec spec = ModelSpec.softmax();
    Module model = Models.build(spec, d, rng.derive("m"));
    LossFunction loss = LossFunction.forModel(spec, d);
    Params w = model.params();
    Batch all = d.all();
    new ClippedGradient(0.8).compute(model, loss, Mean.INSTANCE, all);
    float[] ref = w.grads().flatten().data().clone();
    w.zeroGrad();
    PerExampleGradients pe = PerExampleGradients.compute(w, () -> loss.perExample(model.forward(all.x()), all));
    float[] got = ProximalClipping.clippedSum(pe, w, null, 0, null, 0.8).flatten().data();
    for (int j = 0; j < ref.length; j++) {
      assertEquals(ref[j], got[j], 1e-5, "coordinate " + j);
    }
    String first = w.names().get(0);
    Params partial = ProximalClipping.clippedSum(pe, w, null, 0, Set.of(first), 0.8);
    for (Map.Entry<String, Tensor> e : partial.byName().entrySet()) {
      if (!e.getKey().equals(first)) {
        for (float v : e.getValue().data()) {
          assertEquals(0f, v, "frozen parameter " + e.getKey());
        }
      }
    }
  }
}
