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
import org.probity.privacy.repro.MiaUnseenExperiment.Outcome;
import org.probity.privacy.repro.MiaUnseenExperiment.Settings;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Thaker, Kale, Wu, Smith, "Membership Inference Attacks for
 * Unseen Classes" (arXiv 2506.06488, 2025): when the attacker's data lack some classes, shadow-model
 * attacks (LiRA, Carlini et al. 2022) fall to chance on those classes, because no shadow ever
 * trained on them, while the quantile-regression attack (Bertran et al. 2023), one model mapping
 * x to a high quantile of the target's non-member statistic, still works. The experiment is the
 * notes' plan (§7, {@link MiaUnseenExperiment}) and the claims are the notes' pass criteria, fixed
 * before measuring: (a) on unseen classes QMIA's TPR at 1% FPR is at least twice LiRA's; (b) LiRA
 * on unseen classes is within 2 points of random (TPR at 1% FPR within 0.02 of 0.01); (c) on seen
 * classes LiRA's TPR at 1% FPR is at least half of QMIA's. "QMIA" in the claims is the paper code's
 * version, which is also the notes' plan: a Gaussian head (μ(x), log σ(x)) trained by Gaussian NLL
 * on the label-free top-two margin ({@link org.probity.privacy.audit.GaussianQuantileAttack}). The
 * first version of this reproduction judged the claims with the pinball loss at τ = 0.99 on φ
 * (Bertran et al.'s original loss, {@link org.probity.privacy.audit.QuantileRegressionAttack}); it
 * stays in the output, unjudged, as "qmia_pinball_phi", next to the Gaussian head on the true-label
 * margin ("qmia_gaussian_true_margin"), so no variant is picked after the fact. LiRA is offline with
 * a pooled (fixed) variance, the paper's choice for few shadows. QUICK: one seed, 4 shadows; FULL:
 * three seeds, 16 shadows, numbers averaged over seeds. The loss-threshold attack is reported,
 * unjudged, as the reference.
 */
public final class MiaUnseenRepro implements Repro {
  static final double TAU = 0.99;
  static final int QUICK_SHADOWS = 4;
  static final int FULL_SHADOWS = 16;
  static final int FULL_SEEDS = 3;

  static final Claim QMIA_UNSEEN = new Claim("qmia-beats-lira-unseen", "On classes absent from the attacker's data,"
      + " the quantile-regression attack's TPR at 1% FPR is at least 2x offline LiRA's (and above it); the paper"
      + " reports up to 11x.");
  static final Claim LIRA_CHANCE = new Claim("lira-chance-unseen", "On classes absent from the attacker's data,"
      + " offline LiRA is within 2 points of random: its TPR at 1% FPR is within 0.02 of 0.01.");
  static final Claim LIRA_SEEN = new Claim("lira-competitive-seen", "On classes present in the attacker's data,"
      + " offline LiRA's TPR at 1% FPR is within a factor of 2 of the quantile-regression attack's (at least half"
      + " of it).");

  @Override
  public String id() {
    return "mia-unseen";
  }

  @Override
  public String paper() {
    return "Thaker, Kale, Wu, Smith. Membership Inference Attacks for Unseen Classes. arXiv 2506.06488, 2025";
  }

  @Override
  public List<Claim> claims() {
    return List.of(QMIA_UNSEEN, LIRA_CHANCE, LIRA_SEEN);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    boolean full = mode == Mode.FULL;
    int seeds = full ? FULL_SEEDS : 1;
    Settings settings = new Settings(full ? FULL_SHADOWS : QUICK_SHADOWS, true, TAU, MiaUnseenExperiment.NOISE);
    Rng root = new Rng(seed).derive("mia-unseen");
    List<Outcome> outcomes = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      outcomes.add(MiaUnseenExperiment.run(settings, root.derive(s)));
    }
    int k = MiaUnseenExperiment.ATTACKS.size();
    double[] ua = new double[k];
    double[] ut = new double[k];
    double[] sa = new double[k];
    double[] st = new double[k];
    double trainAcc = 0;
    double testAcc = 0;
    for (Outcome o : outcomes) {
      for (int i = 0; i < k; i++) {
        ua[i] += o.unseenAuroc()[i] / seeds;
        ut[i] += o.unseenTpr()[i] / seeds;
        sa[i] += o.seenAuroc()[i] / seeds;
        st[i] += o.seenTpr()[i] / seeds;
      }
      trainAcc += o.targetTrainAccuracy() / seeds;
      testAcc += o.targetTestAccuracy() / seeds;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      String a = MiaUnseenExperiment.ATTACKS.get(i);
      m.put("unseen." + a + ".tpr_at_1pct_fpr", ut[i]);
      m.put("unseen." + a + ".auroc", ua[i]);
    }
    for (int i = 0; i < k; i++) {
      String a = MiaUnseenExperiment.ATTACKS.get(i);
      m.put("seen." + a + ".tpr_at_1pct_fpr", st[i]);
      m.put("seen." + a + ".auroc", sa[i]);
    }
    m.put("target.train_accuracy", trainAcc);
    m.put("target.test_accuracy", testAcc);
    m.put("shadows", (double) settings.shadows());
    m.put("seeds", (double) seeds);
    String setup = String.format(Locale.ROOT, "mean over %d seed(s); 20-class mixture, target MLP [128] train/test"
        + " accuracy %.3f/%.3f; classes 0-3 dropped from the attacker's data; offline LiRA with %d shadows (pooled"
        + " variance); judged QMIA: MLP [64, 32] -> (mu, log sigma), Gaussian NLL on the top-two margin (the paper"
        + " code's attack)", seeds, trainAcc, testAcc, settings.shadows());
    int q = 0;
    int l = 1;
    int p = 3;
    int g = 4;
    String variants = String.format(Locale.ROOT, "unjudged variants: QMIA pinball tau = %.2f on phi (this"
        + " reproduction's first version) unseen %.4f / seen %.4f, QMIA Gaussian on the true-label margin unseen"
        + " %.4f / seen %.4f", TAU, ut[p], st[p], ut[g], st[g]);
    boolean a = ut[q] >= 2 * ut[l] && ut[q] > ut[l];
    boolean b = Math.abs(ut[l] - MiaUnseenExperiment.FPR) <= 0.02;
    boolean c = st[l] >= 0.5 * st[q];
    List<ClaimResult> results = List.of(
        new ClaimResult(QMIA_UNSEEN, m, a, String.format(Locale.ROOT, "unseen TPR@1%%FPR: QMIA %.4f, LiRA %.4f"
            + " (ratio %s), threshold %.4f; AUROC QMIA %.3f, LiRA %.3f; %s (ratios to LiRA %s, %s); %s", ut[q], ut[l],
            ratio(ut[q], ut[l]), ut[2], ua[q], ua[l], variants, ratio(ut[p], ut[l]), ratio(ut[g], ut[l]), setup)),
        new ClaimResult(LIRA_CHANCE, m, b, String.format(Locale.ROOT, "unseen LiRA TPR@1%%FPR %.4f (random 0.01,"
            + " allowed +-0.02), AUROC %.3f; %s", ut[l], ua[l], setup)),
        new ClaimResult(LIRA_SEEN, m, c, String.format(Locale.ROOT, "seen TPR@1%%FPR: LiRA %.4f, QMIA %.4f (needs"
            + " LiRA >= %.4f), threshold %.4f; AUROC LiRA %.3f, QMIA %.3f; %s; %s", st[l], st[q], 0.5 * st[q], st[2],
            sa[l], sa[q], variants, setup)));
    return new ReproResult(id(), paper(), mode, seed, results);
  }

  private static String ratio(double x, double y) {
    return y > 0 ? String.format(Locale.ROOT, "%.2fx", x / y) : (x > 0 ? "inf" : "undefined");
  }
}
