package org.probity.core.repro.term;

import java.util.Arrays;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Objective;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.Trainer;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * Binary logistic regression trained as the TERM code trains its linear classifiers
 * (litian96/TERM {@code hierarchical/mixed_level1.py}): full-batch gradient descent from θ = 0
 * for a fixed number of steps, on whatever objective a variant uses. Starting at zero rather than
 * at a random draw makes every variant start from the same point, so the objectives alone decide
 * where the runs end. Runs through the shared model zoo, trainer and evaluator.
 */
final class LinearFits {
  private LinearFits() {}

  /** Trains a zero-initialised logistic regression on {@code train} and returns its metrics on {@code test}. */
  static Metrics logistic(Dataset train, Dataset test, Objective objective, int steps, double lr, long seed) {
    Module model = Models.build(ModelSpec.logistic(), train, new Rng(seed));
    for (Tensor p : model.params().tensors()) {
      Arrays.fill(p.data(), 0f);
    }
    TrainConfig config = TrainConfig.ofSteps(steps, train.size(), seed).withLogEvery(steps);
    return new Trainer(config)
        .fit(model, LossFunction.binaryLogistic(), objective, Optimizers.sgd(lr), train, test)
        .evalMetrics();
  }
}
