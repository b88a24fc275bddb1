package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.PrivacySection;
import org.probity.core.train.TrainConfig;
import org.probity.privacy.accountant.Guarantee;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.optim.DpPlan;
import org.probity.privacy.optim.DpResult;
import org.probity.privacy.optim.DpSgd;

/**
 * A private variant's DP-SGD settings resolved against the loaded data, before the run folder
 * exists: q (batch_size / n unless the spec sets it), σ (given, or calibrated so that the run's
 * steps spend the target ε), and {@link DpSgd#plan the plan} of how many steps run and whether the
 * budget stops them early. Everything that can make a private run impossible (a target ε no σ
 * reaches in those steps, a budget that pays for no step) fails here as bad input at its key path.
 * It also says what the run folder records of it: the accountant's parameters in provenance.json,
 * and the spent (ε, δ), the stop reason and the guarantee sentence in summary.json.
 *
 * @param section the spec's privacy section
 * @param dp the resolved settings (C, σ, q, δ, budget)
 * @param plan the steps the run takes and why it stops early, if it does
 */
record PrivatePlan(PrivacySection section, DpSgd dp, DpPlan plan) {
  /** Whom a central run's guarantee protects. */
  static final String WHOM = "each example of the training set";

  /**
   * Resolves variant {@code at}'s privacy section for {@code config} on {@code n} training
   * examples; {@code at} is the variant's key-path prefix ("variants[1]." or "").
   */
  static PrivatePlan build(LoadedSpec loaded, String at, PrivacySection p, TrainConfig config, int n) {
    String path = at + "privacy.";
    double q = p.sampleRate() != null ? p.sampleRate() : (double) config.batchSize() / n;
    if (!(q > 0 && q <= 1)) {
      throw loaded.error(path + "sample_rate", "the sample rate batch_size / n = " + config.batchSize() + " / " + n
          + " is not in (0, 1]");
    }
    double budget = p.budget() == null ? DpSgd.NO_BUDGET : p.budget();
    double sigma;
    if (p.calibrated()) {
      // The steps the spec asks for do not depend on σ: plan them with any σ, then calibrate.
      long steps = new DpSgd(p.clip(), 1.0, q, p.delta(), DpSgd.NO_BUDGET).plan(config, n).requestedSteps();
      try {
        sigma = NoiseCalibration.noiseFor(p.epsilon(), p.delta(), q, steps);
      } catch (IllegalArgumentException e) {
        throw loaded.error(path + "epsilon", e.getMessage());
      }
    } else {
      sigma = p.noise();
    }
    DpSgd dp;
    DpPlan plan;
    try {
      dp = new DpSgd(p.clip(), sigma, q, p.delta(), budget);
    } catch (IllegalArgumentException e) {
      throw loaded.error(path + "clip", e.getMessage());
    }
    try {
      plan = dp.plan(config, n);
    } catch (IllegalArgumentException e) {
      throw loaded.error(path + "budget", e.getMessage());
    }
    return new PrivatePlan(p, dp, plan);
  }

  /** Settings that work but deserve a look (δ not below 1/n, a batch size unlike q·n). */
  List<String> warnings() {
    return plan.warnings();
  }

  /** The guarantee sentence after {@code steps} steps that spent {@code spent}. */
  String guarantee(PrivacySpent spent, long steps) {
    return Guarantee.sentence(spent, WHOM, steps, dp.sampleRate(), dp.noiseMultiplier());
  }

  /**
   * The accountant's parameters as provenance.json records them for this variant: known before
   * training, so the planned steps and the ε they spend.
   */
  Map<String, Object> provenance() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accountant", dp.accountant().name());
    m.put("mechanism", "subsampled gaussian (poisson sampling)");
    m.put("noise", dp.noiseMultiplier());
    m.put("clip", dp.clipNorm());
    m.put("sample_rate", dp.sampleRate());
    m.put("delta", dp.delta());
    m.put("steps", plan.steps());
    if (section.calibrated()) {
      m.put("target_epsilon", section.epsilon());
    }
    if (dp.hasBudget()) {
      m.put("budget", dp.budget());
    }
    m.put("epsilon", plan.planned().epsilon());
    return m;
  }

  /** summary.json's "privacy" object of the finished variant. */
  ObjectNode summary(DpResult r) {
    PrivacySpent spent = r.spent();
    ObjectNode o = Json.object();
    o.put("accountant", dp.accountant().name());
    Json.put(o, "epsilon", spent.epsilon());
    o.put("delta", spent.delta());
    Json.put(o, "order", spent.order());
    o.put("noise", dp.noiseMultiplier());
    o.put("clip", dp.clipNorm());
    o.put("sample_rate", dp.sampleRate());
    o.put("steps", r.train().steps());
    o.put("requested_steps", plan.requestedSteps());
    if (section.calibrated()) {
      o.put("target_epsilon", section.epsilon());
    }
    if (dp.hasBudget()) {
      o.put("budget", dp.budget());
    } else {
      o.putNull("budget");
    }
    o.put("stopped_by_budget", plan.stopsEarly());
    if (plan.stopReason() == null) {
      o.putNull("stop_reason");
    } else {
      o.put("stop_reason", plan.stopReason());
    }
    o.put("guarantee", guarantee(spent, r.train().steps()));
    ArrayNode w = o.putArray("warnings");
    plan.warnings().forEach(w::add);
    return o;
  }
}
