package org.probity.privacy.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.repro.BoundedGaussianDigits.Data;
import org.probity.privacy.repro.BoundedGaussianDigits.Kind;
import org.probity.privacy.repro.BoundedGaussianDigits.Outcome;
import org.probity.privacy.repro.BoundedGaussianDigits.Setting;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Hu, Guo, Wang et al., "Privacy Amplification for the Gaussian
 * Mechanism via Bounded Support" (arXiv 2403.05598): clamping the noisy summed gradient to
 * [−a, a] (the rectified Gaussian) makes its per-instance RDP smaller than the Gaussian's at the
 * same noise, and the paper reports that this costs no utility. The experiment is the notes'
 * calibrated digits setting ({@link BoundedGaussianDigits}); the thresholds are the notes'
 * (§10: ε ratio ≤ 0.85 at a = 6; accuracy drop ≤ 4 points) and the paper's own claim of no
 * utility loss, read as "within 1 point". The notes measured −22% ε and a 3.5-point accuracy loss
 * at a = 6 on this small dataset, so the paper's utility claim is expected to fail here; it is
 * stated as the paper states it and reported as measured. Learning rates are chosen on the test
 * set, as in the notes (the comparison is between mechanisms at their best rate; the tuning itself
 * is not accounted). FULL also reports, unjudged, σ = 400 and the truncated mechanism at a = 6.
 */
public final class BoundedGaussianRepro implements Repro {
  static final double SIGMA = 200;
  static final double RATIO_A6 = 0.85;
  static final double PAPER_TOLERANCE = 0.01;
  static final double NOTES_TOLERANCE = 0.04;
  static final double[] QUICK_LRS = {10, 20};
  static final double[] FULL_LRS = {2, 5, 10, 20};
  static final int QUICK_SEEDS = 1;
  static final int FULL_SEEDS = 5;

  static final Setting GAUSSIAN = new Setting(Kind.GAUSSIAN, SIGMA, Double.POSITIVE_INFINITY);
  static final Setting RECT_6 = new Setting(Kind.RECTIFIED, SIGMA, 6);
  static final Setting RECT_8 = new Setting(Kind.RECTIFIED, SIGMA, 8);
  static final Setting GAUSSIAN_400 = new Setting(Kind.GAUSSIAN, 400, Double.POSITIVE_INFINITY);
  static final Setting RECT_6_400 = new Setting(Kind.RECTIFIED, 400, 6);
  static final Setting TRUNC_6 = new Setting(Kind.TRUNCATED, SIGMA, 6);

  private static final String SETUP = "digits (stratified ≈1400/397 split, pixels/16 + bias), softmax regression"
      + " (650 parameters, zero init), full-batch DP-GD, per-example L∞ clipping C = 0.01, σ = 200 (noise std 2 on"
      + " the summed gradient), 40 steps, momentum 0.9, δ = 1e-5";

  static final Claim EPSILON = new Claim("epsilon-at-equal-noise", "At equal noise (" + SETUP + "), the rectified"
      + " Gaussian's per-instance ε (exact per-coordinate RDP at the summed clipped gradient, composed over steps) is"
      + " at most 0.85 × the Gaussian mechanism's ε for a = 6 (the notes measured −22%) and below it for a = 8, in"
      + " every run (every learning rate and seed).");
  static final Claim NO_UTILITY_LOSS = new Claim("no-utility-loss", "The paper's \"without negative effects on model"
      + " utility\": in the same setting the rectified Gaussian at a = 6 reaches a test accuracy within 1 point of the"
      + " Gaussian mechanism's (each at its best learning rate, mean over seeds).");
  static final Claim CALIBRATED_COST = new Claim("utility-cost-as-calibrated", "The notes' calibrated bound on this"
      + " small dataset (§10 pass line): the rectified Gaussian at a = 6 loses at most 4 points of test accuracy"
      + " against the Gaussian mechanism (each at its best learning rate, mean over seeds).");

  @Override
  public String id() {
    return "bounded-gaussian";
  }

  @Override
  public String paper() {
    return "Hu, Guo, Wang et al. Privacy Amplification for the Gaussian Mechanism via Bounded Support."
        + " arXiv 2403.05598, 2024";
  }

  @Override
  public List<Claim> claims() {
    return List.of(EPSILON, NO_UTILITY_LOSS, CALIBRATED_COST);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    boolean full = mode == Mode.FULL;
    double[] lrs = full ? FULL_LRS : QUICK_LRS;
    int seeds = full ? FULL_SEEDS : QUICK_SEEDS;
    List<Setting> settings = new ArrayList<>(List.of(GAUSSIAN, RECT_6, RECT_8));
    if (full) {
      settings.addAll(List.of(GAUSSIAN_400, RECT_6_400, TRUNC_6));
    }
    Rng root = new Rng(seed).derive("bounded-gaussian");
    Map<Setting, Grid> grids = new LinkedHashMap<>();
    for (Setting s : settings) {
      grids.put(s, new Grid(lrs.length, seeds));
    }
    for (int sd = 0; sd < seeds; sd++) {
      Rng r = root.derive(sd);
      Data data = BoundedGaussianDigits.data(r.derive("split"));
      for (int li = 0; li < lrs.length; li++) {
        for (Setting s : settings) {
          // Gaussian and rectified share draws at one (seed, rate); the truncated sampler has its own stream.
          Rng noise = r.derive(s.kind() == Kind.TRUNCATED ? "truncated-noise" : "noise").derive(li)
              .derive(Double.doubleToLongBits(s.noiseMultiplier()));
          Outcome o = BoundedGaussianDigits.train(data, s, lrs[li], noise);
          grids.get(s).put(li, sd, o);
        }
      }
    }
    List<ClaimResult> results = List.of(epsilonClaim(grids, full), utilityClaim(NO_UTILITY_LOSS, PAPER_TOLERANCE,
        grids, lrs, full), utilityClaim(CALIBRATED_COST, NOTES_TOLERANCE, grids, lrs, full));
    return new ReproResult(id(), paper(), mode, seed, results);
  }

  private static ClaimResult epsilonClaim(Map<Setting, Grid> grids, boolean full) {
    Map<String, Double> m = new LinkedHashMap<>();
    PrivacySpent g = BoundedGaussianDigits.gaussianSpent(SIGMA, BoundedGaussianDigits.PARAMS);
    m.put("gaussian.epsilon", g.epsilon());
    m.put("gaussian.order", g.order());
    Grid r6 = grids.get(RECT_6);
    Grid r8 = grids.get(RECT_8);
    putEpsilon(m, "rectified_a6", r6, g.epsilon());
    putEpsilon(m, "rectified_a8", r8, g.epsilon());
    boolean pass = r6.maxEpsilon() <= RATIO_A6 * g.epsilon() && r8.maxEpsilon() < g.epsilon();
    String extra = "";
    if (full) {
      PrivacySpent g400 = BoundedGaussianDigits.gaussianSpent(400, BoundedGaussianDigits.PARAMS);
      m.put("sigma400.gaussian.epsilon", g400.epsilon());
      putEpsilon(m, "sigma400.rectified_a6", grids.get(RECT_6_400), g400.epsilon());
      putEpsilon(m, "truncated_a6", grids.get(TRUNC_6), g.epsilon());
      extra = "; FULL also reports σ = 400 and the truncated mechanism at a = 6 (not judged)";
    }
    m.put("delta", BoundedGaussianDigits.DELTA);
    String note = String.format(Locale.ROOT, "Gaussian ε = %.3f (order %.1f); rectified a = 6: ε %.3f to %.3f over"
        + " %d runs, worst ratio %.3f (threshold %.2f); a = 8: worst ratio %.3f (threshold < 1). ε by RDP on the"
        + " default order grid, δ = 1e-5; the bounded ε is per-instance (it depends on this data and trajectory)%s",
        g.epsilon(), g.order(), r6.minEpsilon(), r6.maxEpsilon(), r6.runs(), r6.maxEpsilon() / g.epsilon(),
        RATIO_A6, r8.maxEpsilon() / g.epsilon(), extra);
    return new ClaimResult(EPSILON, m, pass, note);
  }

  private static void putEpsilon(Map<String, Double> m, String prefix, Grid grid, double reference) {
    m.put(prefix + ".epsilon_min", grid.minEpsilon());
    m.put(prefix + ".epsilon_max", grid.maxEpsilon());
    m.put(prefix + ".epsilon_ratio_max", grid.maxEpsilon() / reference);
  }

  private static ClaimResult utilityClaim(Claim claim, double tolerance, Map<Setting, Grid> grids, double[] lrs,
      boolean full) {
    Map<String, Double> m = new LinkedHashMap<>();
    Grid g = grids.get(GAUSSIAN);
    Grid r6 = grids.get(RECT_6);
    Grid r8 = grids.get(RECT_8);
    putAccuracy(m, "gaussian", g, lrs);
    putAccuracy(m, "rectified_a6", r6, lrs);
    putAccuracy(m, "rectified_a8", r8, lrs);
    double gap = g.bestAccuracy() - r6.bestAccuracy();
    m.put("gap_a6_points", 100 * gap);
    m.put("gap_a8_points", 100 * (g.bestAccuracy() - r8.bestAccuracy()));
    m.put("rectified_a6.epsilon_at_best_lr", r6.meanEpsilon(r6.bestLr()));
    m.put("rectified_a8.epsilon_at_best_lr", r8.meanEpsilon(r8.bestLr()));
    if (full) {
      putAccuracy(m, "sigma400.gaussian", grids.get(GAUSSIAN_400), lrs);
      putAccuracy(m, "sigma400.rectified_a6", grids.get(RECT_6_400), lrs);
      putAccuracy(m, "truncated_a6", grids.get(TRUNC_6), lrs);
    }
    boolean pass = gap <= tolerance;
    String note = String.format(Locale.ROOT, "best-rate test accuracy, mean over %d seed(s): Gaussian %.4f (lr %s),"
        + " rectified a = 6 %.4f (lr %s), a = 8 %.4f (lr %s); a = 6 loses %.1f points (allowed %.0f). Rates %s,"
        + " chosen on the test set as in the notes", g.seeds(), g.bestAccuracy(), fmt(lrs[g.bestLr()]),
        r6.bestAccuracy(), fmt(lrs[r6.bestLr()]), r8.bestAccuracy(), fmt(lrs[r8.bestLr()]), 100 * gap,
        100 * tolerance, java.util.Arrays.toString(lrs));
    return new ClaimResult(claim, m, pass, note);
  }

  private static void putAccuracy(Map<String, Double> m, String prefix, Grid grid, double[] lrs) {
    int best = grid.bestLr();
    m.put(prefix + ".accuracy", grid.bestAccuracy());
    m.put(prefix + ".accuracy_std", grid.accuracyStd(best));
    m.put(prefix + ".best_lr", lrs[best]);
  }

  private static String fmt(double lr) {
    return lr == Math.rint(lr) ? Long.toString((long) lr) : Double.toString(lr);
  }

  /** One setting's outcomes over learning rates × seeds. */
  private static final class Grid {
    private final Outcome[][] outcomes;

    Grid(int lrs, int seeds) {
      outcomes = new Outcome[lrs][seeds];
    }

    void put(int lr, int seed, Outcome o) {
      outcomes[lr][seed] = o;
    }

    int seeds() {
      return outcomes[0].length;
    }

    int runs() {
      return outcomes.length * outcomes[0].length;
    }

    double meanAccuracy(int lr) {
      double s = 0;
      for (Outcome o : outcomes[lr]) {
        s += o.accuracy();
      }
      return s / outcomes[lr].length;
    }

    /** Sample standard deviation over seeds (0 for one seed). */
    double accuracyStd(int lr) {
      int n = outcomes[lr].length;
      if (n < 2) {
        return 0;
      }
      double mean = meanAccuracy(lr);
      double ss = 0;
      for (Outcome o : outcomes[lr]) {
        ss += (o.accuracy() - mean) * (o.accuracy() - mean);
      }
      return Math.sqrt(ss / (n - 1));
    }

    double meanEpsilon(int lr) {
      double s = 0;
      for (Outcome o : outcomes[lr]) {
        s += o.epsilon();
      }
      return s / outcomes[lr].length;
    }

    /** The rate with the best seed-mean accuracy; the first one on ties. */
    int bestLr() {
      int best = 0;
      for (int i = 1; i < outcomes.length; i++) {
        if (meanAccuracy(i) > meanAccuracy(best)) {
          best = i;
        }
      }
      return best;
    }

    double bestAccuracy() {
      return meanAccuracy(bestLr());
    }

    double maxEpsilon() {
      double m = Double.NEGATIVE_INFINITY;
      for (Outcome[] row : outcomes) {
        for (Outcome o : row) {
          m = Math.max(m, o.epsilon());
        }
      }
      return m;
    }

    double minEpsilon() {
      double m = Double.POSITIVE_INFINITY;
      for (Outcome[] row : outcomes) {
        for (Outcome o : row) {
          m = Math.min(m, o.epsilon());
        }
      }
      return m;
    }
  }
}
