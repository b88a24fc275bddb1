package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.privacy.audit.MembershipScores.Statistic;
import org.probity.tensor.nn.Module;

/**
 * The global-threshold attack: a query is a member when one statistic of the target's output
 * passes a single threshold for all examples. With the loss this is Yeom et al.'s attack ("Privacy
 * Risk in Machine Learning", CSF 2018); with the confidence, the baseline of Salem et al. (NDSS
 * 2019). It is the reference that per-example attacks (LiRA, quantile regression) improve on, since
 * one threshold ignores that some examples are hard and others easy whether trained on or not.
 */
public final class ThresholdAttack implements MembershipAttack {
  private final Statistic statistic;

  public ThresholdAttack(Statistic statistic) {
    if (statistic == null) {
      throw new IllegalArgumentException("threshold attack: statistic must not be null");
    }
    this.statistic = statistic;
  }

  /** Yeom et al.'s loss threshold: score = −loss. */
  public static ThresholdAttack loss() {
    return new ThresholdAttack(Statistic.NEGATIVE_LOSS);
  }

  /** The confidence threshold: score = p_y. */
  public static ThresholdAttack confidence() {
    return new ThresholdAttack(Statistic.CONFIDENCE);
  }

  @Override
  public double[] score(Module target, Dataset queries) {
    return MembershipScores.of(target, queries).get(statistic);
  }

  @Override
  public String name() {
    return "threshold(" + statistic.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
