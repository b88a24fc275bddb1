package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/**
 * Without a preconditioner, the clipped sum computed here from materialised per-example gradients
 * equals DP-SGD's {@link ClippedGradient} oracle (which works from per-example norms) on an MLP:
 * the preconditioned methods and DP-SGD release the same thing when the preconditioner is 1.
 */
class PrivatizerMatchesDpSgdTest {
  @Test
  void clippedSumEqualsTheDpSgdOracle() {
    Rng rng = new Rng(4);
    int n = 12;
    Tensor x = Tensor.randn(rng.derive("x"), n, 5);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(3);
    }
    Batch batch = Dataset.classification("mlp", x, y, 3).all();
    LossFunction ce = LossFunction.crossEntropy();
    Sequential model = new Sequential(new Linear(5, 7, new Rng(1)), new ReLU(), new Linear(7, 3, new Rng(2)));
    double clip = 0.4;

    PerExampleGradients per = PerExampleGradients.compute(model.params(),
        () -> ce.perExample(model.forward(batch.x()), batch));
    Params mine = new Privatizer(clip, 1.0, n).clippedSum(per, null);

    new ClippedGradient(clip).compute(model, ce, Mean.INSTANCE, batch);
    Params theirs = model.params().grads();
    model.params().zeroGrad();
    for (String name : theirs.names()) {
      float[] a = theirs.get(name).data();
      float[] b = mine.get(name).data();
      assertEquals(a.length, b.length, name);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-5 * Math.max(1, Math.abs(a[j])), name + "[" + j + "]");
      }
    }
  }
}
