package org.probity.privacy.optim;

import java.util.List;
import java.util.Locale;
import org.probity.core.train.TrainResult;
import org.probity.privacy.accountant.Guarantee;
import org.probity.privacy.accountant.PrivacySpent;

/**
 * A finished DP-SGD run: the trainer's result, the plan it ran under, the privacy it spent and ε
 * at every evaluation, with the one sentence a report states the guarantee in.
 *
 * @param train what the trainer produced
 * @param plan the steps, budget stop and warnings decided before training
 * @param spent the (ε, δ) spent by all steps taken
 * @param privacy ε at each evaluation
 * @param dp the settings (C, σ, q, δ, budget)
 */
public record DpResult(TrainResult train, DpPlan plan, PrivacySpent spent, List<PrivacyListener.Record> privacy,
    DpSgd dp) {
  public DpResult {
    privacy = List.copyOf(privacy);
  }

  /** Why training stopped before the requested steps (the budget), or null when it ran them all. */
  public String stopReason() {
    return plan.stopReason();
  }

  /** The guarantee for each training example. */
  public String guarantee() {
    return guarantee("each training example");
  }

  /**
   * "(ε=1.00, δ=1e-5)-DP for {@code whom}, by RDP accounting of 2,250 subsampled Gaussian steps,
   * q=0.008, σ=0.7".
   */
  public String guarantee(String whom) {
    return Guarantee.sentence(spent, whom, train.steps(), dp.sampleRate(), dp.noiseMultiplier());
  }

  /** 1e-05 → "1e-5", 0.008 → "0.008", 0.7 → "0.7" (see {@link Guarantee#compact}). */
  static String compact(double v) {
    return Guarantee.compact(v);
  }
}
