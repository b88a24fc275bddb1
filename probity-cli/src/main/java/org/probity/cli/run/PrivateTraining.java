package org.probity.cli.run;

import org.probity.cli.progress.Progress;
import org.probity.core.data.Dataset;
import org.probity.core.objective.Mean;
import org.probity.core.train.TrainResult;
import org.probity.core.train.Trainer;
import org.probity.core.train.TrainingListener;
import org.probity.privacy.optim.DpResult;
import org.probity.privacy.optim.DpSgd;
import org.probity.privacy.optim.PrivacyListener;

/**
 * Trains one private variant with DP-SGD as {@link DpSgd#fit} does (Poisson batches, per-example
 * clipping, Gaussian noise in front of the variant's optimiser, an RDP accountant that follows the
 * steps), with the run's metrics listener added after the accountant's, so that every eval line
 * of metrics.jsonl carries the ε spent up to its step. The steps are those of the variant's
 * {@link PrivatePlan}: a budget has already cut them to the last step it pays for, so the run
 * ends normally there and is checkpointed like any other.
 */
final class PrivateTraining {
  private PrivateTraining() {}

  /** Trains {@code plan}'s model on {@code train}, evaluating on {@code test}. */
  static DpResult fit(VariantPlan plan, Dataset train, Dataset test, MetricsLog metrics, Progress progress) {
    DpSgd dp = plan.privacy().dp();
    PrivacyListener privacy = accountant(dp);
    MetricsListener listener = new MetricsListener(plan.variant().name(), metrics, progress,
        (line, step) -> Json.put(line, "epsilon", epsilonAt(privacy, dp, step)));
    try {
      return fit(plan, train, test, privacy, listener);
    } finally {
      listener.close();
    }
  }

  /**
   * As above with no metrics and no evaluation when {@code test} is null: how an audit retrains
   * the variant (shadow models, canary runs) along the very path the run took.
   */
  static DpResult fit(VariantPlan plan, Dataset train, Dataset test) {
    return fit(plan, train, test, accountant(plan.privacy().dp()), null);
  }

  private static PrivacyListener accountant(DpSgd dp) {
    return new PrivacyListener(dp.accountant(), dp.noiseMultiplier(), dp.sampleRate(), dp.delta());
  }

  private static DpResult fit(VariantPlan plan, Dataset train, Dataset test, PrivacyListener privacy,
      TrainingListener listener) {
    PrivatePlan p = plan.privacy();
    DpSgd dp = p.dp();
    Trainer trainer = dp.trainer(p.plan(), train, privacy);
    if (listener != null) {
      trainer.listener(listener);
    }
    TrainResult r = trainer.fit(plan.model(), plan.loss(), Mean.INSTANCE,
        dp.optimizer(plan.optimizer(), train.size(), DpSgd.noiseStream(p.plan().config().seed())), train, test);
    return new DpResult(r, p.plan(), privacy.spent(), privacy.history(), dp);
  }

  /**
   * ε after {@code step} steps: the accountant's own record of this evaluation (it is called
   * first), or, should listeners ever be reordered, the same accountant run to that step.
   */
  static double epsilonAt(PrivacyListener privacy, DpSgd dp, int step) {
    if (privacy.steps() == step) {
      return privacy.spent().epsilon();
    }
    return dp.spentAfter(step).epsilon();
  }
}
