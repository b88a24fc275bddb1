package org.probity.cli.run;

import org.probity.cli.spec.Variant;
import org.probity.core.data.Dataset;
import org.probity.core.model.Models;
import org.probity.privacy.audit.ShadowRecipe;
import org.probity.privacy.optim.DpSgd;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * How one variant of a central run trained, as a {@link ShadowRecipe} for membership-inference
 * audits (shadow models of LiRA, Carlini et al. 2022; canary runs): the variant's model, objective,
 * optimiser, epochs or steps and, for a private variant, DP-SGD with the run's clip norm, noise
 * multiplier, sample rate and δ (Abadi et al. 2016), built by {@link VariantPlan} and trained by
 * the runner's own code path, so a shadow is trained exactly as the target was. The {@link Rng}
 * given to {@link #train} plays the run's root seed: the model is initialised from its "model"
 * stream and batches drawn from its "train" stream, so {@code train(runMembers, new Rng(seed))}
 * gives back the run's checkpoint.
 */
public final class VariantRecipe implements ShadowRecipe {
  private final ExperimentRunner.Prepared prepared;
  private final int index;
  private final DpSgd dp;

  private VariantRecipe(ExperimentRunner.Prepared prepared, int index) {
    this.prepared = prepared;
    this.index = index;
    VariantPlan plan = prepared.plans().get(index);
    this.dp = plan.privacy() == null ? null : plan.privacy().dp();
  }

  /** The recipe of variant {@code index} of a prepared central experiment. */
  public static VariantRecipe of(ExperimentRunner.Prepared prepared, int index) {
    return new VariantRecipe(prepared, index);
  }

  public Variant variant() {
    return prepared.loaded().spec().variants().get(index);
  }

  /** True when the variant trains with DP-SGD. */
  public boolean isPrivate() {
    return dp != null;
  }

  /** A fresh, untrained model of the variant for the run's data, initialised from {@code root}'s "model" stream. */
  public Module model(Rng root) {
    return Models.build(variant().model(), prepared.data().train(), root.derive("model"));
  }

  @Override
  public Module train(Dataset data, Rng rng) {
    VariantPlan plan = VariantPlan.build(prepared.loaded(), index, new ExperimentData(data, null, 0),
        rng.derive("model"), rng.derive("train").nextLong(), dp);
    if (plan.privacy() != null) {
      PrivateTraining.fit(plan, data, null);
    } else {
      ExperimentRunner.fit(plan, data, null, null);
    }
    return plan.model();
  }

  @Override
  public int classes() {
    return prepared.data().train().numClasses();
  }
}
