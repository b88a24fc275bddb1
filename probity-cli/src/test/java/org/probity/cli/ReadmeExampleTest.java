package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.CrossEntropy;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/**
 * The README's "tensor library from Java in ten lines" example, kept here so that it compiles and
 * does what the README says: keep the two in step.
 */
class ReadmeExampleTest {
  @Test
  void theReadmeExampleTrainsAndItsPerExampleNormsAreRight() {
    // ---- the README snippet
    Rng rng = new Rng(42);
    Sequential model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Linear(16, 3, rng));
    Tensor x = Tensor.randn(rng, 8, 4);                    // a batch of 8 examples, 4 features
    int[] y = {0, 1, 2, 0, 1, 2, 0, 1};                    // their labels
    PerExample perExample = PerExample.forNorms();         // also collect per-example gradient norms
    float before;
    try (Tape tape = Tape.start(perExample)) {             // record the forward pass
      Tensor loss = CrossEntropy.perExample(model.forward(x), y).mean();
      tape.backward(loss);                                 // gradients land in each parameter's grad()
      before = loss.item();
    }
    for (Tensor p : model.params().tensors()) {            // one SGD step, in place
      float[] w = p.data();
      float[] g = p.grad().data();
      for (int i = 0; i < w.length; i++) {
        w[i] -= 0.1f * g[i];
      }
      p.zeroGrad();
    }
    float[] norms = perExample.norms().data();             // ‖∇(ℓᵢ / 8)‖ of each example
    // ---- checks
    float after = CrossEntropy.perExample(model.forward(x), y).mean().item();
    assertTrue(after < before, "one SGD step must lower the loss: " + before + " -> " + after);

    // Independently, on a twin built from the same seed (so at the weights before the step):
    // example i alone, its own loss, the norm of the whole gradient. The collected norm is that of
    // the example's share of the mean, ℓᵢ / 8.
    Rng twinRng = new Rng(42);
    Sequential twin = new Sequential(new Linear(4, 16, twinRng), new ReLU(), new Linear(16, 3, twinRng));
    Tensor twinX = Tensor.randn(twinRng, 8, 4);
    for (int i = 0; i < 8; i++) {
      try (Tape tape = Tape.start()) {
        tape.backward(CrossEntropy.perExample(twin.forward(twinX.slice(0, i, i + 1)), new int[] {y[i]}).sum());
      }
      double sq = 0;
      for (Tensor p : twin.params().tensors()) {
        for (float g : p.grad().data()) {
          sq += (double) g * g;
        }
        p.zeroGrad();
      }
      double want = Math.sqrt(sq) / 8;
      assertEquals(want, norms[i], 1e-5 * (1 + want), "per-example norm of example " + i);
    }
  }
}
