package org.probity.privacy.optim;

import java.util.List;
import java.util.Locale;
import org.probity.core.train.TrainResult;
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
    return String.format(Locale.ROOT, "(ε=%.2f, δ=%s)-DP for %s, by RDP accounting of %,d subsampled Gaussian"
        + " steps, q=%s, σ=%s", spent.epsilon(), compact(spent.delta()), whom, train.steps(),
        compact(dp.sampleRate()), compact(dp.noiseMultiplier()));
  }

  /** 1e-05 → "1e-5", 0.008 → "0.008", 0.7 → "0.7": short and exact enough to re-run the accountant. */
  static String compact(double v) {
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains("e")) {
      String[] parts = s.split("e");
      String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
      return mant + "e" + Integer.parseInt(parts[1]);
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
