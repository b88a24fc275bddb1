package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.tensor.nn.Module;

/**
 * A membership-inference attack on a trained classifier (Shokri et al., S&amp;P 2017): given the
 * target model and labelled query examples, one score per query, higher meaning "more likely a
 * training member". Scores feed a ROC curve ({@code Roc.of(memberScores, nonMemberScores)}), so an
 * attack needs no threshold of its own; the threshold is the operating point on the curve.
 */
public interface MembershipAttack {
  /** One membership score per example of {@code queries}; higher = member. */
  double[] score(Module target, Dataset queries);

  /** A short name for reports ("lira-offline", "quantile", "threshold(loss)"). */
  String name();
}
