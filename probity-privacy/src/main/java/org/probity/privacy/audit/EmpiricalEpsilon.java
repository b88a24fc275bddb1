package org.probity.privacy.audit;

/**
 * The lower bound on ε that a membership-inference attack proves (Kairouz et al. 2015's
 * hypothesis-testing view of (ε, δ)-DP, used for auditing by Jagielski et al. 2020 and Nasr et al.
 * 2021): if training is (ε, δ)-DP, every test that tells members from non-members satisfies
 * TPR ≤ e^ε·FPR + δ and 1 − FPR ≤ e^ε·(1 − TPR) + δ, so an attack threshold with rates (TPR, FPR)
 * shows ε ≥ max(log((TPR − δ)/FPR), log((1 − δ − FPR)/(1 − TPR))). The rates are only estimates
 * from a finite set of canaries, so the bound uses a Clopper–Pearson lower bound on TPR and upper
 * bound on FPR, each one end of a two-sided interval at the given confidence; by the union bound the
 * reported ε is a valid lower bound with at least that confidence. {@link #best} scans all
 * thresholds as the papers do; for a guarantee strictly at the stated confidence the threshold
 * should be chosen on canaries apart from those the bound is computed on.
 */
public final class EmpiricalEpsilon {
  /**
   * The largest lower bound over an attack's thresholds: {@code epsilon} (0 when no threshold gives
   * evidence), the {@code threshold} that reached it (scores {@code >=} it are flagged; +Infinity
   * flags no one), and that threshold's point estimates {@code tpr} and {@code fpr}.
   */
  public record Result(double epsilon, double threshold, double tpr, double fpr) {}

  private EmpiricalEpsilon() {}

  /**
   * The ε lower bound, with probability at least {@code confidence}, from a test that flagged
   * {@code truePositives} of {@code positives} members and {@code falsePositives} of
   * {@code negatives} non-members; 0 when the counts give no evidence.
   */
  public static double lowerBound(int truePositives, int positives, int falsePositives, int negatives,
      double delta, double confidence) {
    checkCounts(truePositives, positives, falsePositives, negatives);
    checkLevels(delta, confidence);
    return bound(truePositives, positives, falsePositives, negatives, delta, confidence);
  }

  /** {@link #best(Roc, double, double)} of the ROC of these scores. */
  public static Result best(double[] memberScores, double[] nonMemberScores, double delta, double confidence) {
    return best(Roc.of(memberScores, nonMemberScores), delta, confidence);
  }

  /** The largest {@link #lowerBound} over the thresholds of {@code roc}, with the threshold reaching it. */
  public static Result best(Roc roc, double delta, double confidence) {
    if (roc == null) {
      throw new IllegalArgumentException("EmpiricalEpsilon.best: roc must not be null");
    }
    checkLevels(delta, confidence);
    int m = roc.members();
    int n = roc.nonMembers();
    double bestEps = 0;
    int bestK = 0;
    for (int k = 0; k < roc.size(); k++) {
      int tp = roc.truePositives(k);
      int fp = roc.falsePositives(k);
      // The bound rises with TP and falls with FP (both Clopper–Pearson ends rise with the count),
      // so a point is dominated by a neighbour with the same FP and more TP, or the same TP and
      // less FP: only the corners of the ROC staircase can be best.
      if ((k + 1 < roc.size() && roc.falsePositives(k + 1) == fp) || (k > 0 && roc.truePositives(k - 1) == tp)) {
        continue;
      }
      // The bound never exceeds the point estimate, so thresholds whose point estimate cannot beat
      // the best so far skip the two Clopper–Pearson inversions.
      if (pointEstimate(tp / (double) m, fp / (double) n, delta) <= bestEps) {
        continue;
      }
      double eps = bound(tp, m, fp, n, delta, confidence);
      if (eps > bestEps) {
        bestEps = eps;
        bestK = k;
      }
    }
    return new Result(bestEps, roc.threshold(bestK), roc.truePositives(bestK) / (double) m,
        roc.falsePositives(bestK) / (double) n);
  }

  private static double bound(int tp, int positives, int fp, int negatives, double delta, double confidence) {
    double tprLow = ClopperPearson.lower(tp, positives, confidence);
    double fprHigh = ClopperPearson.upper(fp, negatives, confidence);
    return epsilon(tprLow, fprHigh, delta);
  }

  // ε from the two DP inequalities at these rates, or 0 where neither gives evidence; +Infinity
  // where a rate of exactly 0 or 1 would make the point estimate unbounded.
  static double pointEstimate(double tpr, double fpr, double delta) {
    return epsilon(tpr, fpr, delta);
  }

  private static double epsilon(double tpr, double fpr, double delta) {
    double eps = 0;
    if (tpr - delta > 0) {
      eps = Math.max(eps, fpr > 0 ? Math.log((tpr - delta) / fpr) : Double.POSITIVE_INFINITY);
    }
    if (1 - delta - fpr > 0) {
      eps = Math.max(eps, tpr < 1 ? Math.log((1 - delta - fpr) / (1 - tpr)) : Double.POSITIVE_INFINITY);
    }
    return eps;
  }

  private static void checkCounts(int tp, int positives, int fp, int negatives) {
    if (positives < 1 || negatives < 1) {
      throw new IllegalArgumentException("EmpiricalEpsilon: needs at least one member and one non-member, got "
          + positives + " members and " + negatives + " non-members");
    }
    if (tp < 0 || tp > positives) {
      throw new IllegalArgumentException("EmpiricalEpsilon: true positives must lie in [0, " + positives + "], got " + tp);
    }
    if (fp < 0 || fp > negatives) {
      throw new IllegalArgumentException("EmpiricalEpsilon: false positives must lie in [0, " + negatives + "], got " + fp);
    }
  }

  private static void checkLevels(double delta, double confidence) {
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("EmpiricalEpsilon: δ must lie in [0, 1), got " + delta);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("EmpiricalEpsilon: confidence must lie in (0, 1), got " + confidence);
    }
  }
}
