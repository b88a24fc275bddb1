package org.probity.cli.audit;

import org.probity.privacy.audit.AuditTable;
import org.probity.privacy.audit.Roc;

/**
 * What one membership-inference audit of a run found, ready for {@link AuditFolder} to write: which
 * run, variant, attack and population (the training data, or N inserted canaries), the attack's ROC
 * and its summary table (AUROC, TPR at low FPR, the empirical ε lower bound of Jagielski et al.
 * 2020 / Nasr et al. 2021), and, when the model was trained with differential privacy, the
 * accountant's (ε, δ) and its guarantee sentence, so the report can put the proven lower bound next
 * to the promised upper bound. The empirical bound must be computed at a δ no smaller than the
 * accountant's: an (ε, δ)-DP model may exceed ε at a smaller δ, and that would read as a
 * contradiction when it is none.
 *
 * @param runId the run folder's id
 * @param variant the audited variant (central) or strategy (federated)
 * @param attack the attack's name: "threshold", "lira", "quantile"
 * @param population what was attacked: "training data" or "N canaries"
 * @param roc the attack's ROC on members and non-members
 * @param table the summary of {@code roc}
 * @param accountantEpsilon the accountant's ε, null when the model is not private
 * @param delta the accountant's δ, null when the model is not private
 * @param guarantee the accountant's guarantee as one sentence, null when the model is not private
 * @param seed the audit's seed (shadow training, canaries, bootstrap)
 * @param shadows the number of shadow models trained, 0 when the attack uses none
 * @param seconds how long the audit took
 */
public record AuditResult(String runId, String variant, String attack, String population, Roc roc,
    AuditTable table, Double accountantEpsilon, Double delta, String guarantee, long seed, int shadows,
    double seconds) {
  /** Relative slack for comparing the table's δ with the accountant's (both are decimals from files). */
  private static final double DELTA_SLACK = 1e-9;

  public AuditResult {
    requireText("runId", runId);
    requireText("variant", variant);
    requireText("attack", attack);
    requireText("population", population);
    if (roc == null) {
      throw new IllegalArgumentException("AuditResult: roc must not be null");
    }
    if (table == null) {
      throw new IllegalArgumentException("AuditResult: table must not be null");
    }
    if (table.members() != roc.members() || table.nonMembers() != roc.nonMembers()) {
      throw new IllegalArgumentException("AuditResult: the table counts " + table.members() + " members and "
          + table.nonMembers() + " non-members but the ROC " + roc.members() + " and " + roc.nonMembers()
          + "; the table must summarise this ROC");
    }
    if ((accountantEpsilon == null) != (delta == null)) {
      throw new IllegalArgumentException("AuditResult: the accountant's ε and δ come together (both or neither), got ε="
          + accountantEpsilon + ", δ=" + delta);
    }
    if (accountantEpsilon == null && guarantee != null) {
      throw new IllegalArgumentException("AuditResult: a guarantee sentence needs the accountant's ε and δ, got \""
          + guarantee + "\" without them");
    }
    if (accountantEpsilon != null) {
      if (!(accountantEpsilon >= 0)) {
        throw new IllegalArgumentException("AuditResult: the accountant's ε must be a number >= 0, got " + accountantEpsilon);
      }
      if (!(delta >= 0 && delta < 1)) {
        throw new IllegalArgumentException("AuditResult: the accountant's δ must lie in [0, 1), got " + delta);
      }
      if (table.delta() < delta * (1 - DELTA_SLACK)) {
        throw new IllegalArgumentException("AuditResult: the empirical ε bound is at δ=" + table.delta()
            + ", below the accountant's δ=" + delta + "; compute it at δ >= " + delta
            + " so the two are comparable");
      }
    }
    if (shadows < 0) {
      throw new IllegalArgumentException("AuditResult: shadows must be >= 0, got " + shadows);
    }
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("AuditResult: seconds must be finite and >= 0, got " + seconds);
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("AuditResult: " + name + " must be non-empty, got "
          + (value == null ? "null" : "\"" + value + "\""));
    }
  }

  /** Whether the audited model was trained with differential privacy (it has an accountant's ε). */
  public boolean isPrivate() {
    return accountantEpsilon != null;
  }

  public int members() {
    return roc.members();
  }

  public int nonMembers() {
    return roc.nonMembers();
  }

  /** The ε the attack proves, with the table's confidence, at the table's δ. */
  public double empiricalEpsilon() {
    return table.epsilon().epsilon();
  }

  /**
   * Whether the audit contradicts the guarantee: the proven lower bound exceeds the accountant's ε.
   * Always false for a model that is not private.
   */
  public boolean contradicts() {
    return isPrivate() && empiricalEpsilon() > accountantEpsilon;
  }

  /**
   * One plain sentence comparing the proven lower bound with the guarantee: consistent, a
   * contradiction (with what it can mean), or no guarantee to compare against.
   */
  public String comparison() {
    String level = AuditText.percent(table.confidence());
    String proves = "The attack proves \u03b5 \u2265 " + AuditText.eps(empiricalEpsilon()) + " at " + level
        + " confidence";
    if (!isPrivate()) {
      return "The model was not trained with differential privacy, so there is no guarantee to compare against; "
          + proves.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + proves.substring(1)
          + " (\u03b4 = " + AuditText.delta(table.delta()) + ").";
    }
    String promised = "\u03b5 \u2264 " + AuditText.eps(accountantEpsilon);
    if (!contradicts()) {
      return proves + "; the accountant guarantees " + promised + ": consistent.";
    }
    return proves + ", but the accountant guarantees " + promised + ": the audit contradicts the guarantee."
        + " Either clipping, noise or accounting has a bug, or this is a sampling fluke, which a "
        + level + " bound allows with probability at most " + AuditText.percent(1 - table.confidence()) + ".";
  }
}
