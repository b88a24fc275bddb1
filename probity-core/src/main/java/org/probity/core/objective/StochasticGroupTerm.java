package org.probity.core.objective;

import java.util.Arrays;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * The stochastic solver of hierarchical TERM at the group level (Li et al., JMLR 2023; verified in
 * the authors' code, litian96/TERM {@code noisy_annotator/pytorch_resnet_cifar10/trainer.py}): keep
 * for each group g an estimate {@code e_g} of {@code exp(t · loss_g)} by an exponential moving
 * average, sample the group of the next minibatch with probability {@code e_g / Σ_h e_h}, and take
 * an ordinary SGD step on the mean loss of a minibatch from that group. With t &lt; 0, groups whose
 * loss stays high (noisy annotators) are sampled less and less; with t &gt; 0, more and more.
 *
 * <p>As in the code: estimates start equal ({@code 1/numGroups}); after each step
 * {@code e_g ← 0.2 · exp(t · meanLoss) + 0.8 · e_g} for the sampled group only, where meanLoss is the
 * minibatch's plain mean loss before the step; the minibatch is a uniformly random subset of the
 * group (the whole group if it is smaller). Estimates are kept as logarithms, so unlike the code
 * they never underflow to an exact 0 or overflow for large {@code t · loss}. Not thread-safe.
 *
 * <pre>{@code
 * StochasticGroupTerm term = StochasticGroupTerm.forGroups(train.groups(), -2.0);
 * for (int step = 0; step < steps; step++) {
 *   Batch b = term.nextBatch(train, 32, rng);                  // samples a group ∝ estimate
 *   Tensor loss;
 *   try (Tape tape = Tape.start()) {
 *     loss = Mean.INSTANCE.reduce(model.perExampleLoss(b), b); // plain mean on that group's batch
 *     tape.backward(loss);
 *   }
 *   term.observe(term.lastGroup(), loss.item());               // e_g ← 0.2·exp(t·loss) + 0.8·e_g
 *   optimizer.step();
 * }
 * }</pre>
 * Without group membership (the {@link #StochasticGroupTerm(int, double)} constructor) a trainer
 * uses {@link #nextGroup(Rng)} and draws the group's minibatch itself.
 */
public final class StochasticGroupTerm {
  /** The weight of the newest observation in each group's estimate, as in the authors' code. */
  public static final double DEFAULT_EMA_WEIGHT = 0.2;

  private final double t;
  private final double emaWeight;
  private final double[] logEstimates;
  private final int[][] members;
  private int lastGroup = -1;

  /** Groups 0..numGroups−1, EMA weight 0.2, estimates starting at 1/numGroups. */
  public StochasticGroupTerm(int numGroups, double t) {
    this(numGroups, t, DEFAULT_EMA_WEIGHT, numGroups > 0 ? 1.0 / numGroups : 1.0);
  }

  /**
   * @param emaWeight weight of the newest observation, in (0, 1]
   * @param initialEstimate every group's starting estimate of {@code exp(t·loss)}, finite and > 0
   */
  public StochasticGroupTerm(int numGroups, double t, double emaWeight, double initialEstimate) {
    this(numGroups, t, emaWeight, initialEstimate, null);
  }

  private StochasticGroupTerm(int numGroups, double t, double emaWeight, double initialEstimate, int[][] members) {
    String op = "stochasticGroupTerm";
    if (numGroups <= 0) {
      throw new IllegalArgumentException(op + ": numGroups must be > 0, got " + numGroups);
    }
    this.t = TiltMath.checkTilt(op, "t", t);
    if (!(emaWeight > 0 && emaWeight <= 1)) {
      throw new IllegalArgumentException(op + ": emaWeight must be in (0, 1], got " + emaWeight);
    }
    if (!(initialEstimate > 0) || Double.isInfinite(initialEstimate)) {
      throw new IllegalArgumentException(op + ": initialEstimate must be a finite number > 0, got " + initialEstimate);
    }
    this.emaWeight = emaWeight;
    this.members = members;
    this.logEstimates = new double[numGroups];
    Arrays.fill(logEstimates, Math.log(initialEstimate));
    if (members != null) {
      for (int g = 0; g < numGroups; g++) {
        if (members[g].length == 0) {
          logEstimates[g] = Double.NEGATIVE_INFINITY; // an absent group can never be sampled
        }
      }
    }
  }

  /** For a dataset's group ids (0..max): groups without rows are never sampled. EMA 0.2, start 1/numGroups. */
  public static StochasticGroupTerm forGroups(int[] groupIds, double t) {
    int g = numGroups(groupIds);
    return forGroups(groupIds, t, DEFAULT_EMA_WEIGHT, 1.0 / g);
  }

  public static StochasticGroupTerm forGroups(int[] groupIds, double t, double emaWeight, double initialEstimate) {
    int g = numGroups(groupIds);
    int[] counts = new int[g];
    for (int id : groupIds) {
      counts[id]++;
    }
    int[][] m = new int[g][];
    for (int k = 0; k < g; k++) {
      m[k] = new int[counts[k]];
    }
    int[] fill = new int[g];
    for (int i = 0; i < groupIds.length; i++) {
      m[groupIds[i]][fill[groupIds[i]]++] = i;
    }
    return new StochasticGroupTerm(g, t, emaWeight, initialEstimate, m);
  }

  private static int numGroups(int[] groupIds) {
    if (groupIds == null || groupIds.length == 0) {
      throw new IllegalArgumentException("stochasticGroupTerm: need group ids, got "
          + (groupIds == null ? "null" : "none"));
    }
    int max = -1;
    for (int i = 0; i < groupIds.length; i++) {
      if (groupIds[i] < 0) {
        throw new IllegalArgumentException("stochasticGroupTerm: group ids must be >= 0, got " + groupIds[i]
            + " at row " + i);
      }
      max = Math.max(max, groupIds[i]);
    }
    return max + 1;
  }

  public double t() {
    return t;
  }

  public double emaWeight() {
    return emaWeight;
  }

  public int numGroups() {
    return logEstimates.length;
  }

  /** Samples a group with probability proportional to its estimate, and remembers it as {@link #lastGroup()}. */
  public int nextGroup(Rng rng) {
    double[] p = probabilities();
    double u = rng.nextDouble();
    double c = 0;
    int last = -1;
    for (int g = 0; g < p.length; g++) {
      if (p[g] > 0) {
        last = g;
        c += p[g];
        if (u < c) {
          lastGroup = g;
          return g;
        }
      }
    }
    lastGroup = last; // rounding left u above the cumulative sum: the last possible group
    return last;
  }

  /**
   * Folds one minibatch's mean loss on {@code group} into its estimate:
   * {@code e_g ← w · exp(t · loss) + (1 − w) · e_g}.
   */
  public void observe(int group, double loss) {
    String op = "stochasticGroupTerm";
    if (group < 0 || group >= logEstimates.length) {
      throw new IllegalArgumentException(op + ": group " + group + " is outside 0.." + (logEstimates.length - 1));
    }
    if (members != null && members[group].length == 0) {
      throw new IllegalArgumentException(op + ": group " + group + " has no rows and cannot be observed");
    }
    if (!Double.isFinite(loss)) {
      throw new IllegalArgumentException(op + ": loss of group " + group + " must be finite, got " + loss);
    }
    double a = Math.log(emaWeight) + t * loss;
    double b = emaWeight == 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-emaWeight) + logEstimates[group];
    double m = Math.max(a, b);
    logEstimates[group] = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /** The current sampling probabilities {@code e_g / Σ e_h} (a fresh array). */
  public double[] probabilities() {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logEstimates) {
      max = Math.max(max, v);
    }
    double[] p = new double[logEstimates.length];
    double s = 0;
    for (int g = 0; g < p.length; g++) {
      p[g] = Math.exp(logEstimates[g] - max);
      s += p[g];
    }
    for (int g = 0; g < p.length; g++) {
      p[g] /= s;
    }
    return p;
  }

  /** The estimate {@code e_g} of {@code exp(t · loss_g)} (may under- or overflow; see {@link #logEstimate}). */
  public double estimate(int group) {
    return Math.exp(logEstimate(group));
  }

  /** {@code log e_g}, always representable. */
  public double logEstimate(int group) {
    if (group < 0 || group >= logEstimates.length) {
      throw new IllegalArgumentException("stochasticGroupTerm: group " + group + " is outside 0.."
          + (logEstimates.length - 1));
    }
    return logEstimates[group];
  }

  /** The group chosen by the last {@link #nextGroup} or {@link #nextBatch}; −1 before any. */
  public int lastGroup() {
    return lastGroup;
  }

  /** Row indices of {@code group} (a copy); only when built by {@link #forGroups}. */
  public int[] members(int group) {
    requireMembers("members");
    logEstimate(group);
    return members[group].clone();
  }

  /**
   * Samples a group, then {@code min(batchSize, |g|)} of its rows uniformly without replacement,
   * in random order; only when built by {@link #forGroups}.
   */
  public int[] nextIndices(int batchSize, Rng rng) {
    requireMembers("nextIndices");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("stochasticGroupTerm: batchSize must be > 0, got " + batchSize);
    }
    int[] pool = members[nextGroup(rng)].clone();
    int k = Math.min(batchSize, pool.length);
    for (int i = 0; i < k; i++) { // partial Fisher–Yates
      int j = i + rng.nextInt(pool.length - i);
      int tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    return Arrays.copyOf(pool, k);
  }

  /** The next minibatch: {@code data.batch(nextIndices(batchSize, rng))}; the group is {@link #lastGroup()}. */
  public Batch nextBatch(Dataset data, int batchSize, Rng rng) {
    requireMembers("nextBatch");
    int rows = 0;
    for (int[] m : members) {
      rows += m.length;
    }
    if (data.size() != rows) {
      throw new IllegalArgumentException("stochasticGroupTerm: built for " + rows + " rows but the dataset '"
          + data.name() + "' has " + data.size());
    }
    return data.batch(nextIndices(batchSize, rng));
  }

  private void requireMembers(String what) {
    if (members == null) {
      throw new IllegalStateException("stochasticGroupTerm: " + what + " needs group membership; build it with"
          + " StochasticGroupTerm.forGroups(groupIds, t)");
    }
  }
}
