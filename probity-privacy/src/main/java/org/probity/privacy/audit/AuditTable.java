package org.probity.privacy.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.tensor.Rng;

/**
 * The summary of a membership-inference audit as a small text table: AUROC, the TPR at 0.1% and 1%
 * FPR with bootstrap intervals, and the empirical ε lower bound at δ. The low-FPR rows come first
 * in importance, following Carlini et al. 2022 ("Membership inference attacks from first
 * principles"): an attack that confidently identifies a few members leaks more than one with a
 * better AUROC that is right only on average. An FPR the non-members cannot resolve (fewer than
 * 1/FPR of them) is shown as not measured, with the count it would need, rather than as a number.
 */
public final class AuditTable {
  /** The FPRs the table reports, as in Carlini et al. 2022. */
  public static final double[] FPRS = {0.001, 0.01};

  /**
   * The TPR at {@code fpr} with its interval, or NaN and a null interval when the non-members
   * cannot resolve that FPR.
   */
  public record Row(double fpr, double tpr, Roc.Interval interval) {}

  private final int members;
  private final int nonMembers;
  private final double auroc;
  private final List<Row> rows;
  private final EmpiricalEpsilon.Result epsilon;
  private final double delta;
  private final double confidence;

  private AuditTable(Roc roc, List<Row> rows, EmpiricalEpsilon.Result epsilon, double delta, double confidence) {
    this.members = roc.members();
    this.nonMembers = roc.nonMembers();
    this.auroc = roc.auroc();
    this.rows = List.copyOf(rows);
    this.epsilon = epsilon;
    this.delta = delta;
    this.confidence = confidence;
  }

  /**
   * The audit summary of {@code roc}: bootstrap intervals from {@code resamples} resamples at
   * {@code confidence}, which is also the confidence of the ε lower bound at {@code delta}.
   */
  public static AuditTable of(Roc roc, double delta, double confidence, int resamples, Rng rng) {
    if (roc == null) {
      throw new IllegalArgumentException("AuditTable: roc must not be null");
    }
    if (rng == null) {
      throw new IllegalArgumentException("AuditTable: rng must not be null (it drives the bootstrap)");
    }
    return of(roc, FPRS, EmpiricalEpsilon.best(roc, delta, confidence), delta, confidence, resamples, rng);
  }

  /**
   * The audit summary of {@code roc} at the given FPRs, with an ε lower bound the caller computed
   * (for instance {@code EmpiricalEpsilon.heldOut}, whose threshold is chosen apart from the scores
   * it is evaluated on, so that the stated confidence holds strictly).
   */
  public static AuditTable of(Roc roc, double[] fprs, EmpiricalEpsilon.Result eps, double delta, double confidence,
      int resamples, Rng rng) {
    if (roc == null || eps == null || fprs == null) {
      throw new IllegalArgumentException("AuditTable: roc, FPRs and the ε result must not be null");
    }
    if (rng == null) {
      throw new IllegalArgumentException("AuditTable: rng must not be null (it drives the bootstrap)");
    }
    EmpiricalEpsilon.lowerBound(0, 1, 0, 1, delta, confidence); // checks δ and confidence
    List<Row> rows = new ArrayList<>();
    for (double fpr : fprs) {
      if (!(fpr > 0 && fpr < 1)) {
        throw new IllegalArgumentException("AuditTable: FPR must be in (0, 1), got " + fpr);
      }
      if (fpr * roc.nonMembers() < 1 - 1e-9) {
        rows.add(new Row(fpr, Double.NaN, null));
      } else {
        // One stream per FPR, so each interval is the same whichever other rows exist.
        rows.add(new Row(fpr, roc.tprAtFpr(fpr), roc.tprAtFprInterval(fpr, confidence, resamples, rng.derive("tpr@" + fpr))));
      }
    }
    return new AuditTable(roc, rows, eps, delta, confidence);
  }

  public double auroc() {
    return auroc;
  }

  /** The number of members the table was computed from. */
  public int members() {
    return members;
  }

  /** The number of non-members the table was computed from. */
  public int nonMembers() {
    return nonMembers;
  }

  /** The δ of the empirical ε lower bound. */
  public double delta() {
    return delta;
  }

  /** The confidence of the intervals and of the ε lower bound. */
  public double confidence() {
    return confidence;
  }

  public List<Row> rows() {
    return rows;
  }

  public EmpiricalEpsilon.Result epsilon() {
    return epsilon;
  }

  /** The table as text, one metric a line. */
  @Override
  public String toString() {
    String level = Roc.percent(confidence);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "membership inference audit: %d members, %d non-members%n", members, nonMembers));
    b.append(String.format(Locale.ROOT, "%-28s %-8s %s%n", "metric", "value", level + " interval"));
    b.append(String.format(Locale.ROOT, "%-28s %.4f%n", "AUROC", auroc));
    for (Row r : rows) {
      String name = "TPR at " + Roc.percent(r.fpr()) + " FPR";
      if (r.interval() == null) {
        b.append(String.format(Locale.ROOT, "%-28s %-8s needs at least %d non-members, got %d%n", name, "n/a",
            (long) Math.ceil(1 / r.fpr() - 1e-9), nonMembers));
      } else {
        b.append(String.format(Locale.ROOT, "%-28s %.4f   [%.4f, %.4f]%n", name, r.tpr(), r.interval().low(),
            r.interval().high()));
      }
    }
    String epsName = "ε lower bound (δ = " + String.format(Locale.ROOT, "%.0e", delta) + ")";
    if (epsilon.epsilon() > 0) {
      b.append(String.format(Locale.ROOT, "%-28s %.4f   %s Clopper–Pearson lower bound, at TPR %.4f, FPR %.4f%n",
          epsName, epsilon.epsilon(), level, epsilon.tpr(), epsilon.fpr()));
    } else {
      b.append(String.format(Locale.ROOT, "%-28s %.4f   no threshold gives evidence at %s confidence%n", epsName, 0.0,
          level));
    }
    return b.toString();
  }
}
