package org.probity.privacy.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * The ROC curve of a membership-inference attack: each threshold t flags every example whose score
 * is at least t as a member, and the curve lists the (FPR, TPR) of every distinct threshold, from
 * flagging no one (0, 0) to flagging everyone (1, 1). Tied scores always cross a threshold together,
 * so the curve does not depend on the input order and its area is the Mann–Whitney U statistic with
 * ties counted 1/2. Following Carlini et al. 2022 ("Membership inference attacks from first
 * principles"), the number that matters is the TPR at a low FPR (0.1%, 1%), not the AUROC, so this
 * class also gives that TPR with a bootstrap percentile interval (Efron 1979), and it refuses an FPR
 * target the non-members cannot resolve (below 1/nonMembers), since such a TPR would only be noise.
 */
public final class Roc {
  /** A confidence interval {@code [low, high]}. */
  public record Interval(double low, double high) {
    public Interval {
      if (!(low <= high)) {
        throw new IllegalArgumentException("Interval: low " + low + " must be at most high " + high);
      }
    }
  }

  // Scores sorted ascending, kept for the bootstrap.
  private final double[] members;
  private final double[] nonMembers;
  // Point k of the curve: flag scores >= thresholds[k]; point 0 flags no one (threshold +Infinity).
  private final double[] thresholds;
  private final int[] truePositives;
  private final int[] falsePositives;

  private Roc(double[] members, double[] nonMembers) {
    this.members = members;
    this.nonMembers = nonMembers;
    int cap = members.length + nonMembers.length + 1;
    double[] thr = new double[cap];
    int[] tp = new int[cap];
    int[] fp = new int[cap];
    thr[0] = Double.POSITIVE_INFINITY;
    int k = 1;
    int i = members.length - 1;
    int j = nonMembers.length - 1;
    int t = 0;
    int f = 0;
    while (i >= 0 || j >= 0) {
      double s = i < 0 ? nonMembers[j] : j < 0 ? members[i] : Math.max(members[i], nonMembers[j]);
      while (i >= 0 && members[i] == s) {
        t++;
        i--;
      }
      while (j >= 0 && nonMembers[j] == s) {
        f++;
        j--;
      }
      thr[k] = s;
      tp[k] = t;
      fp[k] = f;
      k++;
    }
    this.thresholds = Arrays.copyOf(thr, k);
    this.truePositives = Arrays.copyOf(tp, k);
    this.falsePositives = Arrays.copyOf(fp, k);
  }

  /**
   * The ROC of an attack that scored {@code memberScores} on training members and
   * {@code nonMemberScores} on non-members; a higher score means "more likely a member". Both sets
   * must be non-empty and free of NaN (infinities are allowed); the arrays are copied.
   */
  public static Roc of(double[] memberScores, double[] nonMemberScores) {
    return new Roc(sortedCopy("members", memberScores), sortedCopy("non-members", nonMemberScores));
  }

  private static double[] sortedCopy(String what, double[] scores) {
    if (scores == null || scores.length == 0) {
      throw new IllegalArgumentException("Roc: the " + what + "' scores must be non-empty, got "
          + (scores == null ? "null" : "0 scores"));
    }
    double[] c = new double[scores.length];
    for (int i = 0; i < c.length; i++) {
      double v = scores[i];
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("Roc: " + what + " score " + i + " is NaN; an attack must score every example");
      }
      c[i] = v + 0.0; // -0.0 and 0.0 are the same score; Arrays.sort would order them apart.
    }
    Arrays.sort(c);
    return c;
  }

  public int members() {
    return members.length;
  }

  public int nonMembers() {
    return nonMembers.length;
  }

  /** The curve's (FPR, TPR) points, one per distinct threshold, from (0, 0) to (1, 1). */
  public double[][] points() {
    double[][] p = new double[thresholds.length][];
    for (int k = 0; k < p.length; k++) {
      p[k] = new double[] {falsePositives[k] / (double) nonMembers.length, truePositives[k] / (double) members.length};
    }
    return p;
  }

  /**
   * The threshold of each point of {@link #points()}: point k flags the scores {@code >= thresholds()[k]};
   * point 0 flags no one and its threshold is reported as +Infinity.
   */
  public double[] thresholds() {
    return thresholds.clone();
  }

  int truePositives(int k) {
    return truePositives[k];
  }

  int falsePositives(int k) {
    return falsePositives[k];
  }

  int size() {
    return thresholds.length;
  }

  double threshold(int k) {
    return thresholds[k];
  }

  /** The area under the curve: P(member score > non-member score) + P(tie) / 2. */
  public double auroc() {
    // Trapezoids in integer counts: 2 · area · m · n = Σ ΔFP · (TP_prev + TP_cur), exactly.
    long twice = 0;
    for (int k = 1; k < thresholds.length; k++) {
      twice += (long) (falsePositives[k] - falsePositives[k - 1]) * (truePositives[k] + truePositives[k - 1]);
    }
    return twice / (2.0 * members.length * nonMembers.length);
  }

  /**
   * The largest TPR among the thresholds whose FPR is at most {@code fpr} (0 when only flagging no
   * one qualifies). {@code fpr} must lie in (0, 1) and be at least 1/nonMembers.
   */
  public double tprAtFpr(double fpr) {
    checkFpr(fpr);
    int best = 0;
    for (int k = 0; k < thresholds.length; k++) {
      // Nondecreasing in k, so the first point over the budget ends the search.
      if (falsePositives[k] / (double) nonMembers.length > fpr) {
        break;
      }
      best = truePositives[k];
    }
    return best / (double) members.length;
  }

  /**
   * A bootstrap percentile interval for {@link #tprAtFpr}: members and non-members are resampled
   * separately with replacement (keeping both counts), {@code resamples} times, and the interval is
   * the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the resampled TPRs.
   */
  public Interval tprAtFprInterval(double fpr, double confidence, int resamples, Rng rng) {
    checkFpr(fpr);
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("tprAtFprInterval: confidence must lie in (0, 1), got " + confidence);
    }
    if (resamples < 2) {
      throw new IllegalArgumentException("tprAtFprInterval: resamples must be at least 2, got " + resamples);
    }
    if (rng == null) {
      throw new IllegalArgumentException("tprAtFprInterval: rng must not be null");
    }
    int m = members.length;
    int n = nonMembers.length;
    int[] cm = new int[m];
    int[] cn = new int[n];
    double[] values = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(cm, 0);
      Arrays.fill(cn, 0);
      for (int r = 0; r < m; r++) {
        cm[rng.nextInt(m)]++;
      }
      for (int r = 0; r < n; r++) {
        cn[rng.nextInt(n)]++;
      }
      values[b] = weightedTprAtFpr(cm, cn, fpr);
    }
    Arrays.sort(values);
    double a = (1 - confidence) / 2;
    return new Interval(quantile(values, a), quantile(values, 1 - a));
  }

  // The TPR at fpr of the sample holding cm[i] copies of members[i] and cn[j] of nonMembers[j]:
  // a counting sweep over the sorted scores, O(m + n) instead of a sort per resample.
  private double weightedTprAtFpr(int[] cm, int[] cn, double fpr) {
    int i = members.length - 1;
    int j = nonMembers.length - 1;
    int t = 0;
    int f = 0;
    int best = 0;
    while (i >= 0 || j >= 0) {
      double s = i < 0 ? nonMembers[j] : j < 0 ? members[i] : Math.max(members[i], nonMembers[j]);
      while (i >= 0 && members[i] == s) {
        t += cm[i--];
      }
      while (j >= 0 && nonMembers[j] == s) {
        f += cn[j--];
      }
      if (f / (double) nonMembers.length > fpr) {
        break;
      }
      best = t;
    }
    return best / (double) members.length;
  }

  // Linear interpolation between order statistics (Hyndman and Fan's type 7).
  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private void checkFpr(double fpr) {
    if (!(fpr > 0 && fpr < 1)) {
      throw new IllegalArgumentException("tprAtFpr: the FPR target must lie in (0, 1), got " + fpr);
    }
    int n = nonMembers.length;
    if (fpr * n < 1 - 1e-9) {
      long needed = (long) Math.ceil(1 / fpr - 1e-9);
      throw new IllegalArgumentException("TPR at " + percent(fpr) + " FPR needs at least " + needed
          + " non-members, got " + n);
    }
  }

  static String percent(double fraction) {
    return new BigDecimal(fraction * 100).round(new MathContext(6)).stripTrailingZeros().toPlainString() + "%";
  }
}
