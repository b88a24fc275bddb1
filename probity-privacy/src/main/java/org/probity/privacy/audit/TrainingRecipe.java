package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.Trainer;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * A generic {@link ShadowRecipe} for a model with no Probity run behind it: the model spec, the
 * number of classes (the target's outputs, so shadows trained on data that lack some classes keep
 * the target's output layer), epochs, batch size and AdamW's learning rate and weight decay.
 * Shadow models (Shokri et al. 2017; Carlini et al. 2022) are trained with this recipe and core's
 * {@link Trainer}, so they imitate the target's training as closely as the attacker can.
 */
public record TrainingRecipe(ModelSpec spec, int classes, int epochs, int batchSize, double learningRate,
    double weightDecay) implements ShadowRecipe {
  public TrainingRecipe {
    if (spec == null) {
      throw new IllegalArgumentException("training recipe: model spec must not be null");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("training recipe: classes must be at least 2, got " + classes);
    }
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("training recipe: epochs and batch size must be positive, got epochs "
          + epochs + ", batch size " + batchSize);
    }
    if (!(learningRate > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("training recipe: learning rate must be positive and weight decay"
          + " non-negative, got " + learningRate + " and " + weightDecay);
    }
  }

  @Override
  public Module train(Dataset data, Rng rng) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("training recipe: dataset '" + data.name() + "' has no class labels");
    }
    if (data.numClasses() != classes) {
      throw new IllegalArgumentException("training recipe: dataset '" + data.name() + "' has " + data.numClasses()
          + " classes but the target model has " + classes + " outputs");
    }
    Module model = Models.build(spec, data.exampleShape(), spec.type().equals("logistic") ? 1 : classes,
        rng.derive("model"));
    int batch = Math.min(batchSize, data.size());
    new Trainer(TrainConfig.ofEpochs(epochs, batch, rng.derive("trainer").nextLong()))
        .fit(model, LossFunction.forModel(spec, data), Mean.INSTANCE,
            Optimizers.adamw(learningRate, 0.9, 0.999, 1e-8, weightDecay), data, null);
    return model;
  }
}
