package org.probity.privacy.optim;

import java.util.List;
import org.probity.core.train.TrainConfig;
import org.probity.privacy.accountant.PrivacySpent;

/**
 * What a DP-SGD run will do before it starts: the trainer settings it runs under (steps, and the
 * expected Poisson batch size as the batch size so that an epoch is about 1/q steps, one expected
 * pass), how many steps were asked for and how many the privacy budget allows, the (ε, δ) the run
 * will have spent at its end, and why it stops early if it does. A plan is made once, so a run
 * never starts a step its budget cannot pay for.
 *
 * @param config the trainer settings to run with (by steps)
 * @param requestedSteps the steps the caller's settings asked for
 * @param expectedBatchSize q·n
 * @param planned the privacy spent after {@code config.steps()} steps
 * @param stopReason why fewer steps than requested will run, or null when all of them run
 * @param warnings settings that work but deserve a look (δ not below 1/n, a batch size that
 *     disagrees with q·n)
 */
public record DpPlan(TrainConfig config, int requestedSteps, double expectedBatchSize, PrivacySpent planned,
    String stopReason, List<String> warnings) {
  public DpPlan {
    warnings = List.copyOf(warnings);
  }

  /** The steps the run takes. */
  public int steps() {
    return config.steps();
  }

  /** Whether the budget stops the run before the requested steps. */
  public boolean stopsEarly() {
    return stopReason != null;
  }
}
