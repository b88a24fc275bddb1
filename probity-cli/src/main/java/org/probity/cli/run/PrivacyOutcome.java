package org.probity.cli.run;

import java.util.List;

/**
 * What {@code probity run} says of a private variant after the table: the guarantee sentence of
 * the (ε, δ) it spent and, when its budget stopped it before the requested steps, why.
 *
 * @param variant the variant's name
 * @param guarantee "(ε=1.00, δ=1e-5)-DP for each example of the training set, by RDP accounting of ..."
 * @param stopReason why training stopped early, or null when it ran every requested step
 */
public record PrivacyOutcome(String variant, String guarantee, String stopReason) {
  /** The lines printed after the table ("" when no variant is private). */
  public static String format(List<PrivacyOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\nprivacy:\n");
    for (PrivacyOutcome o : outcomes) {
      sb.append("  ").append(o.variant()).append(": ").append(o.guarantee()).append('\n');
      if (o.stopReason() != null) {
        sb.append("  ").append(" ".repeat(o.variant().length() + 2)).append("stopped early: ").append(o.stopReason())
            .append('\n');
      }
    }
    return sb.toString();
  }
}
