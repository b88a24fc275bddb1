package org.probity.privacy.audit;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.Trainer;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The regression both quantile attacks share (Bertran et al. 2023; Thaker et al. 2025): a small
 * MLP from an example's features to the target's membership statistic on non-members, trained with
 * AdamW on the statistic standardised by its own mean and standard deviation (so one learning rate
 * suits statistics of any scale), with the attack's loss: the pinball loss for a quantile, the
 * Gaussian negative log-likelihood for a mean and spread. The fitted head predicts in standardised
 * units; {@link #center} and {@link #scale} map back.
 */
record ScoreRegression(Module head, double center, double scale) {
  /**
   * Fits a head with {@code outputs} outputs to the scores {@code s} of the rows of {@code features};
   * the standardised score is the first target column, the others are zero padding so the targets
   * match the head's outputs for the trainer's final evaluation. {@code init} initialises the head,
   * {@code training} seeds its batches.
   */
  static ScoreRegression fit(String what, Tensor features, double[] s, int outputs, List<Integer> hidden, int epochs,
      int batchSize, double learningRate, double weightDecay, LossFunction loss, Rng init, Rng training) {
    int n = s.length;
    if (n < 2 || features.rank() < 1 || features.dim(0) != n) {
      throw new IllegalArgumentException(what + ": needs at least 2 examples with one score each; got " + n
          + " scores for features of shape " + features.shape());
    }
    double mean = 0;
    for (double v : s) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(what + ": score " + v + " is not finite");
      }
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (double v : s) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / (n - 1));
    double scale = sd > 1e-12 ? sd : 1;
    float[] t = new float[outputs * n];
    for (int i = 0; i < n; i++) {
      t[outputs * i] = (float) ((s[i] - mean) / scale);
    }
    Tensor targets = outputs == 1 ? Tensor.wrap(t, Shape.of(n)) : Tensor.wrap(t, Shape.of(n, outputs));
    Dataset reg = Dataset.regression(what + ":targets", features.detach(), targets);
    ModelSpec spec = hidden.isEmpty() ? ModelSpec.linear() : ModelSpec.mlp(hidden, "relu", 0.0);
    Module head = Models.build(spec, reg.exampleShape(), outputs, init);
    new Trainer(TrainConfig.ofEpochs(epochs, Math.min(batchSize, n), training.nextLong()))
        .fit(head, loss, Mean.INSTANCE, Optimizers.adamw(learningRate, 0.9, 0.999, 1e-8, weightDecay), reg, null);
    return new ScoreRegression(head, mean, scale);
  }
}
