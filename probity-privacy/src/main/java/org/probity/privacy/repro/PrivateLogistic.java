package org.probity.privacy.repro;

import java.util.Arrays;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.core.train.BatchSource;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.privacy.optim.PerExampleGradients;
import org.probity.privacy.optim.PrivateOptimizer;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.BinaryCrossEntropy;
import org.probity.tensor.nn.Linear;

/**
 * Private training of a logistic-regression model (one Linear layer, zero-initialised as the
 * official DP² code's linear models) with any {@link PrivateOptimizer}: each step draws a Poisson
 * batch (core's {@link BatchSource#poisson}: every row joins independently with probability q),
 * takes the per-example gradients from the engine, applies the optimiser's update and steps the
 * RDP accountant once (one subsampled-Gaussian release per step). The batch stream is an
 * argument, so every method of a comparison sees the same batches.
 */
final class PrivateLogistic {
  private PrivateLogistic() {}

  /** The trained model and the privacy spent. */
  record Outcome(Linear model, double epsilon, long steps) {}

  static <S> Outcome train(PrivateOptimizer<S> opt, Dataset train, double sampleRate, long steps, double delta,
      Rng batches) {
    int d = train.features().dim(1);
    BatchSource source = BatchSource.poisson(train, sampleRate, batches);
    Linear model = new Linear(d, 1, new Rng(0));
    Arrays.fill(model.weight().data(), 0f);
    Arrays.fill(model.bias().data(), 0f);
    RdpAccountant accountant = new RdpAccountant();
    S state = opt.init(model.params());
    for (long t = 0; t < steps; t++) {
      Batch batch = source.next((int) t, null);
      PerExampleGradients g = batch.size() == 0 ? PerExampleGradients.empty(model.params())
          : gradients(model, batch);
      Update<S> u = opt.update(g, state, model.params());
      Transforms.applyUpdates(model.params(), u.updates());
      state = u.state();
      if (opt.noiseMultiplier() > 0) {
        accountant.step(opt.noiseMultiplier(), sampleRate, 1);
      }
    }
    // Without noise nothing is private: ε is infinite (the non-private reference runs).
    double eps = opt.noiseMultiplier() > 0 ? accountant.epsilon(delta) : Double.POSITIVE_INFINITY;
    return new Outcome(model, eps, steps);
  }

  private static PerExampleGradients gradients(Linear model, Batch batch) {
    int b = batch.size();
    float[] yb = new float[b];
    for (int i = 0; i < b; i++) {
      yb[i] = batch.labels()[i];
    }
    Tensor xt = batch.x();
    Tensor yt = Tensor.wrap(yb, Shape.of(b));
    return PerExampleGradients.compute(model.params(),
        () -> BinaryCrossEntropy.withLogits(model.forward(xt).reshape(b), yt));
  }

  /** Fraction of rows whose predicted class (logit > 0) matches the label. */
  static double accuracy(Linear model, Dataset data) {
    int d = data.features().dim(1);
    float[] x = data.features().data();
    float[] w = model.weight().data();
    float b = model.bias().data()[0];
    int[] y = data.labels();
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      double z = b;
      int off = i * d;
      for (int j = 0; j < d; j++) {
        z += (double) w[j] * x[off + j];
      }
      if (!Double.isFinite(z)) {
        continue;
      }
      correct += (z > 0 ? 1 : 0) == y[i] ? 1 : 0;
    }
    return (double) correct / y.length;
  }
}
