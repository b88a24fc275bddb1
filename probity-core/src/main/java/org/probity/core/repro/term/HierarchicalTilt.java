package org.probity.core.repro.term;

import org.probity.core.repro.SeedStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.LabelNoise;
import org.probity.core.data.synthetic.MinorityMixture;
import org.probity.core.data.synthetic.NoisyLabels;
import org.probity.core.metrics.Metrics;
import org.probity.core.objective.GroupTilted;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Objective;
import org.probity.core.objective.Tilted;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.tensor.Rng;

/**
 * Hierarchical TERM with noisy labels and an under-represented class at once (Li et al., JMLR
 * 2023, "TERM_sc": sample-level and class-level tilting; code litian96/TERM
 * {@code hierarchical/mixed_level1.py}, run in its README as {@code --imbalance 1 --corrupt 1
 * --t_in -2 --t_out 10}). As in that script: binary logistic regression by full-batch gradient
 * descent from 0 with lr 1; the rare class is cut to 5% of the common class's size; a share of the
 * training labels is redrawn from the class prior, so most corrupted labels say "common"; the
 * groups are the observed (noisy) training labels. A negative tilt within each class discounts the
 * corrupted labels, a positive tilt across classes lifts the rare class; each alone fixes one
 * problem and the noise or the imbalance spoils the other, which the combination should avoid.
 *
 * <p>Fairness of the comparison: every variant sees the same data, starts from the same point and
 * takes the same steps at the same rate; the tilts are the README's (τ = 10, t = −2), used
 * unchanged in the single-tilt variants, with no tuning for any variant.
 *
 * <p>Noise level: the script redraws a fixed block of 1,500 training labels; on its HIV-1 data
 * (746 + 3,272 sequences, 80% for training, the rare class cut to 5% of the common one) that is
 * about 55% of the training labels, hence ρ = 0.55 here. With a milder ρ = 0.3 (this claim's first
 * draft) the across-class tilt alone matched or beat the combination on the worst class in our
 * runs: with few corrupted labels there is little noise for the inner tilt to remove.
 */
final class HierarchicalTilt {
  static final double TAU = 10.0;
  static final double TILT = -2.0;
  static final int STEPS = 500;
  static final double LEARNING_RATE = 1.0;
  static final int POOL_ROWS = 4000;
  static final int TEST_ROWS = 10_000;
  static final double RARE_RATIO = 0.05;
  static final double NOISE = 0.55;
  static final double SEPARATION = 3.0;
  /** Required lead in worst-class test accuracy over the best single-tilt variant, fixed in advance. */
  static final double MARGIN = 0.02;

  static final Claim CLAIM = new Claim("hierarchical",
      "Hierarchical TERM (mixed_level1.py's setting on synthetic data: two Gaussian classes in R^10, separation 3,"
          + " unit noise; the rare class cut to 5% of the common class's size; each training label redrawn from the"
          + " class prior with probability 0.55 (mixed_level1.py redraws 1,500 of about 2,700 training labels);"
          + " groups = observed training labels; logistic regression by full-batch gradient descent from 0, lr 1,"
          + " 500 steps): GroupTilted with tau = +10 across classes and t = -2 within them reaches a worst-class clean"
          + " test accuracy (balanced test set) at least 2 points above each single tilt with the same values:"
          + " across classes only (tau = 10, t = 0), within classes only (tau = 0, t = -2), and plain per-example"
          + " TERM (t = -2); means over seeds. ERM is reported for reference.");

  private HierarchicalTilt() {}

  /** The variants, in report order; the last is the hierarchical one. */
  static final String[] NAMES = {"erm", "sample_tilt", "within_tilt", "across_tilt", "hierarchical"};

  static Objective objective(String name) {
    switch (name) {
      case "erm":
        return Mean.INSTANCE;
      case "sample_tilt":
        return new Tilted(TILT);
      case "within_tilt":
        return new GroupTilted(0.0, TILT);
      case "across_tilt":
        return new GroupTilted(TAU, 0.0);
      case "hierarchical":
        return new GroupTilted(TAU, TILT);
      default:
        throw new IllegalArgumentException("hierarchical: unknown variant " + name);
    }
  }

  /** Keeps every class-0 row and the first round(ratio · n0) class-1 rows (the rows are in random order). */
  static Dataset imbalance(Dataset d, double ratio) {
    int[] y = d.labels();
    int common = 0;
    for (int v : y) {
      if (v == 0) {
        common++;
      }
    }
    int rare = (int) Math.round(common * ratio);
    int[] keep = new int[y.length];
    int k = 0;
    int taken = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] == 0) {
        keep[k++] = i;
      } else if (taken < rare) {
        keep[k++] = i;
        taken++;
      }
    }
    return d.subset(Arrays.copyOf(keep, k));
  }

  /** With probability rho a label is redrawn from the class prior π: T = (1 − ρ)·I + ρ·1πᵀ. */
  static double[][] priorRedraw(Dataset d, double rho) {
    int k = d.numClasses();
    double[] prior = new double[k];
    for (int v : d.labels()) {
      prior[v] += 1.0 / d.size();
    }
    double[][] t = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        t[i][j] = rho * prior[j] + (i == j ? 1 - rho : 0);
      }
    }
    return t;
  }

  static ClaimResult run(int seeds, Rng rng) {
    return run(seeds, rng, NOISE);
  }

  /** The claim's experiment with another label-redraw probability (for sensitivity checks). */
  static ClaimResult run(int seeds, Rng rng, double noise) {
    double[][] worst = new double[NAMES.length][seeds];
    double[][] balanced = new double[NAMES.length][seeds];
    double[] noisyShare = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      Rng r = rng.derive(s);
      MinorityMixture.Config config = new MinorityMixture.Config(POOL_ROWS, 10, 2, 0.0, SEPARATION, 0.0, 0.0, 1.0);
      Dataset clean = imbalance(MinorityMixture.generate(config, r.derive("train")), RARE_RATIO);
      NoisyLabels noisy = LabelNoise.transition(priorRedraw(clean, noise)).apply(clean, r.derive("noise"));
      noisyShare[s] = noisy.rate();
      Dataset train = noisy.dataset().withGroups(noisy.dataset().labels());
      Dataset test = MinorityMixture.generate(config.withN(TEST_ROWS), r.derive("test"));
      test = test.withGroups(test.labels());
      long seed = r.derive("fit").nextLong();
      for (int v = 0; v < NAMES.length; v++) {
        Metrics e = LinearFits.logistic(train, test, objective(NAMES[v]), STEPS, LEARNING_RATE, seed);
        worst[v][s] = e.get(Metrics.WORST_GROUP_ACCURACY);
        balanced[v][s] = e.get(Metrics.ACCURACY);
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    double bestSingle = Double.NEGATIVE_INFINITY;
    String bestName = "";
    int h = NAMES.length - 1;
    for (int v = 0; v < NAMES.length; v++) {
      SeedStats w = new SeedStats(worst[v]);
      m.put(NAMES[v] + "_worst_class_accuracy", w.mean());
      m.put(NAMES[v] + "_worst_class_accuracy_std", w.std());
      m.put(NAMES[v] + "_balanced_accuracy", new SeedStats(balanced[v]).mean());
      if (v > 0 && v < h && w.mean() > bestSingle) {
        bestSingle = w.mean();
        bestName = NAMES[v];
      }
    }
    double lead = new SeedStats(worst[h]).mean() - bestSingle;
    m.put("lead_over_best_single", lead);
    m.put("noisy_label_share", new SeedStats(noisyShare).mean());
    boolean pass = lead >= MARGIN;
    String note = String.format("%s, labels redrawn with probability %.2f; worst-class accuracy: hierarchical %.4f"
        + " vs best single tilt (%s) %.4f, lead %+.2f points (need >= %.0f)%s; ERM %.4f.", SeedStats.seeds(seeds),
        noise, new SeedStats(worst[h]).mean(), bestName, bestSingle, 100 * lead, 100 * MARGIN, pass ? "" : " FAILED",
        new SeedStats(worst[0]).mean());
    return new ClaimResult(CLAIM, m, pass, note);
  }
}
