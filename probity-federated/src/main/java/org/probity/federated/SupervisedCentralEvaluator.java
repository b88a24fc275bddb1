package org.probity.federated;

import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The {@link CentralEvaluator} for supervised models (Flower's {@code evaluate_fn} with a
 * centralised test set): it builds the model of a {@link ModelSpec}, loads the global parameters and
 * measures it on one held-out dataset with core's {@link Evaluator}, the same code the clients'
 * evaluation uses, so central and federated figures are comparable. It returns "loss" and every
 * scalar metric that applies ("accuracy", "auroc", "ece" for classification; "mse", "rmse" for
 * regression). A fresh model is built per call, so one evaluator can serve several federations at
 * once.
 */
public final class SupervisedCentralEvaluator implements CentralEvaluator {
  private final ModelSpec spec;
  private final Dataset test;

  public SupervisedCentralEvaluator(ModelSpec spec, Dataset test) {
    if (spec == null || test == null) {
      throw new IllegalArgumentException("central evaluator: model spec and test dataset are required");
    }
    if (test.size() == 0) {
      throw new IllegalArgumentException("central evaluator: test dataset '" + test.name() + "' is empty");
    }
    this.spec = spec;
    this.test = test;
  }

  public Dataset test() {
    return test;
  }

  @Override
  public Map<String, Double> evaluate(int round, Params global) {
    // The initialisation stream is irrelevant: every parameter is overwritten by the global model.
    Module model = Models.build(spec, test, new Rng(0));
    try {
      model.params().assign(global);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("central evaluator: round " + round + ": the global parameters do not fit a "
          + spec.type() + " model for dataset '" + test.name() + "': " + e.getMessage(), e);
    }
    Metrics m = Evaluator.evaluate(model, test, LossFunction.forModel(spec, test));
    return new TreeMap<>(m.values());
  }
}
