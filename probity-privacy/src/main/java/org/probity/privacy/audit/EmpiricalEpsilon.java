package org.probity.privacy.audit;

import org.probity.tensor.Rng;

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
 * should be chosen on canaries apart from those the bound is computed on, which {@link #heldOut}
 * does (the split-half practice of Jagielski et al. 2020 and Nasr et al. 2021).
 */
public final class EmpiricalEpsilon {
  /**
   * The largest lower bound over an attack's thresholds: {@code epsilon} (0 when no threshold gives
   * evidence), the {@code threshold} that reached it (scores {@code >=} it are flagged; +Infinity
   * flags no one), and that threshold's point estimates {@code tpr} and {@code fpr}. From
   * {@link #heldOut}: the bound at the threshold picked on the first halves, with the second
   * halves' rates.
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

  /**
   * The split-half bound: each side is shuffled by {@code rng} and halved, the threshold is the one
   * {@link #best} picks on the first halves, and the Clopper–Pearson bound is computed at that fixed
   * threshold on the second halves alone. Since the threshold does not depend on the second halves,
   * the stated confidence holds strictly (scanning thresholds on the same scores, as {@link #best}
   * does, overstates it). The result carries the second halves' rates. Each side needs at least two
   * scores.
   */
  public static Result heldOut(double[] memberScores, double[] nonMemberScores, double delta, double confidence,
      Rng rng) {
    if (memberScores == null || nonMemberScores == null || rng == null) {
      throw new IllegalArgumentException("EmpiricalEpsilon.heldOut: scores and rng must not be null");
    }
    if (memberScores.length < 2 || nonMemberScores.length < 2) {
      throw new IllegalArgumentException("EmpiricalEpsilon.heldOut: needs at least two member and two non-member"
          + " scores to split in halves, got " + memberScores.length + " members and " + nonMemberScores.length
          + " non-members");
    }
    checkLevels(delta, confidence);
    double[] members = shuffled(memberScores, rng.derive("members"));
    double[] nonMembers = shuffled(nonMemberScores, rng.derive("non-members"));
    int m1 = members.length / 2;
    int n1 = nonMembers.length / 2;
    Result chosen = best(java.util.Arrays.copyOfRange(members, 0, m1),
        java.util.Arrays.copyOfRange(nonMembers, 0, n1), delta, confidence);
    double t = chosen.threshold();
    // +Infinity is Roc's "flag no one" point, which must not flag scores that are +Infinity themselves.
    boolean none = t == Double.POSITIVE_INFINITY;
    int tp = 0;
    for (int i = m1; i < members.length && !none; i++) {
      tp += members[i] >= t ? 1 : 0;
    }
    int fp = 0;
    for (int i = n1; i < nonMembers.length && !none; i++) {
      fp += nonMembers[i] >= t ? 1 : 0;
    }
    int m2 = members.length - m1;
    int n2 = nonMembers.length - n1;
    return new Result(bound(tp, m2, fp, n2, delta, confidence), t, tp / (double) m2, fp / (double) n2);
  }

  private static double[] shuffled(double[] scores, Rng rng) {
    int[] perm = rng.permutation(scores.length);
    double[] out = new double[scores.length];
    for (int i = 0; i < out.length; i++) {
      double v = scores[perm[i]];
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("EmpiricalEpsilon.heldOut: score " + perm[i] + " is NaN");
      }
      out[i] = v;
    }
    return out;
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
