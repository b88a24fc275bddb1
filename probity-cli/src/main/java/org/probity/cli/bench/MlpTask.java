package org.probity.cli.bench;

import java.util.ArrayList;
import java.util.List;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.CrossEntropy;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/**
 * One MLP classifier (Linear and ReLU layers) with its own fixed random batch, trained by plain
 * SGD: the unit of work of the mlp-step and parallel-small workloads. A step is the whole training
 * step a client runs: forward, mean cross-entropy, backward on a fresh tape (collecting per-example
 * squared gradient norms when asked, as DP-SGD needs), and the in-place update.
 */
final class MlpTask {
  private static final float LEARNING_RATE = 0.01f;

  private final Module model;
  private final List<Tensor> params;
  private final Tensor x;
  private final int[] labels;
  private final boolean perExampleNorms;
  private double sink;

  /**
   * @param widths layer widths from input to classes, for example {784, 256, 10}
   * @param perExampleNorms whether each step also collects per-example squared gradient norms
   */
  MlpTask(Rng rng, int[] widths, int batch, boolean perExampleNorms) {
    if (widths.length < 2) {
      throw new IllegalArgumentException("mlp: need at least input and output widths, got " + widths.length);
    }
    List<Module> layers = new ArrayList<>();
    Rng init = rng.derive("init");
    for (int i = 0; i + 1 < widths.length; i++) {
      if (i > 0) {
        layers.add(new ReLU());
      }
      layers.add(new Linear(widths[i], widths[i + 1], init.derive(i)));
    }
    this.model = new Sequential(layers.toArray(new Module[0]));
    this.params = model.params().tensors();
    this.x = Tensor.randn(rng.derive("x"), batch, widths[0]);
    Rng labelRng = rng.derive("labels");
    int classes = widths[widths.length - 1];
    this.labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = labelRng.nextInt(classes);
    }
    this.perExampleNorms = perExampleNorms;
  }

  /** One SGD step; returns the loss before the update. */
  float step() {
    float loss;
    try (Tape tape = perExampleNorms ? Tape.start(PerExample.forNorms()) : Tape.start()) {
      Tensor l = CrossEntropy.perExample(model.forward(x), labels).mean();
      tape.backward(l);
      loss = l.item();
      if (perExampleNorms) {
        // Read the norms so the measured step includes handing them out, as DP-SGD's clipping would.
        for (float n : tape.perExample().squaredNorms().data()) {
          sink += n;
        }
      }
    }
    for (Tensor p : params) {
      float[] w = p.data();
      float[] g = p.grad().data();
      for (int i = 0; i < w.length; i++) {
        w[i] -= LEARNING_RATE * g[i];
      }
      p.zeroGrad();
    }
    return loss;
  }

  /** The sum of every per-example squared norm read, so the work cannot be dropped as unused. */
  double sink() {
    return sink;
  }
}
