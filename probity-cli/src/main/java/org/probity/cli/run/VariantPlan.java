package org.probity.cli.run;

import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.Variant;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpecException;
import org.probity.core.model.Models;
import org.probity.core.optim.GradientTransform;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.TrainConfigException;
import org.probity.privacy.optim.DpSgd;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * Everything one variant needs to train, built and checked against the loaded data before the
 * run folder exists, so that a spec that cannot work (a batch larger than the training data, a
 * group objective on data without groups, BR-DRO on regression data, a binary model on ten classes)
 * fails as bad input with its path and line instead of as a failed run. A private variant also
 * resolves its DP-SGD settings ({@link PrivatePlan}; null for the others): σ, q and the steps its
 * budget allows.
 */
record VariantPlan(Variant variant, Module model, LossFunction loss, Builders.ObjectivePlan objective,
    GradientTransform<?> optimizer, TrainConfig config, PrivatePlan privacy) {

  /**
   * Builds variant {@code index} of {@code loaded}; {@code modelRng} and {@code trainSeed} are the
   * same for every variant, so variants differ only by their settings.
   */
  static VariantPlan build(LoadedSpec loaded, int index, ExperimentData data, Rng modelRng, long trainSeed) {
    return build(loaded, index, data, modelRng, trainSeed, null);
  }

  /**
   * As above; a private variant with {@code fixedDp} (non-null) keeps those DP-SGD settings (C, σ,
   * q, δ, budget) instead of resolving its privacy section against {@code data}, so an audit that
   * retrains it on other rows adds the noise the run added.
   */
  static VariantPlan build(LoadedSpec loaded, int index, ExperimentData data, Rng modelRng, long trainSeed,
      DpSgd fixedDp) {
    Variant v = loaded.spec().variants().get(index);
    String at = loaded.variantPath(index, "");
    int n = data.train().size();
    if (v.train().batchSize() > n) {
      throw loaded.error(at + "train.batch_size", "batch size " + v.train().batchSize() + " is larger than the " + n
          + " training examples of " + loaded.spec().data().source());
    }
    String kind = v.objective().kind();
    if ((kind.equals("group-tilted") || kind.equals("group-dro")) && data.train().groups() == null) {
      throw loaded.error(at + "objective.kind", kind + " needs data with group ids, and "
          + loaded.spec().data().source() + " has none (generators with groups: minority-mixture, rotated-digits,"
          + " patched-digits, corrupted-regression, spurious-groups)");
    }
    if (kind.equals("bitrate-dro") && !data.train().isClassification()) {
      throw loaded.error(at + "objective.kind", "bitrate-dro's adversary is conditioned on the class label, and "
          + loaded.spec().data().source() + " is a regression dataset (use cvar-dro, which needs no labels)");
    }
    Module model;
    LossFunction loss;
    try {
      model = Models.build(v.model(), data.train(), modelRng);
      loss = LossFunction.forModel(v.model(), data.train());
    } catch (ModelSpecException e) {
      throw loaded.error(at + "model." + (e.field().isEmpty() ? "type" : e.field()), e.getMessage());
    }
    TrainConfig config;
    try {
      config = Builders.trainConfig(v.train(), trainSeed);
      config.validateFor(n);
    } catch (TrainConfigException e) {
      throw loaded.error(at + "train." + RecordOptions.snake(e.field()), e.getMessage());
    }
    Builders.ObjectivePlan objective;
    try {
      // The same adversary stream for every variant, beside (not from) the model's initialisation.
      objective = Builders.objective(v.objective(), data.train(), v.train().batchSize(),
          modelRng.derive("adversary"));
    } catch (IllegalArgumentException e) {
      throw loaded.error(at + "objective", e.getMessage());
    }
    PrivatePlan privacy = v.privacy() == null ? null
        : fixedDp != null ? new PrivatePlan(v.privacy(), fixedDp, fixedDp.plan(config, n))
        : PrivatePlan.build(loaded, at, v.privacy(), config, n);
    // A private run's steps are its plan's: epochs of q·n-example Poisson batches, cut by the budget.
    int totalSteps = privacy == null ? config.totalSteps(n) : privacy.plan().steps();
    GradientTransform<?> optimizer;
    try {
      optimizer = Builders.optimizer(v.optimizer(), totalSteps);
    } catch (IllegalArgumentException e) {
      throw loaded.error(at + "optimizer", e.getMessage());
    }
    return new VariantPlan(v, model, loss, objective, optimizer, config, privacy);
  }
}
