package org.probity.privacy.repro;

import java.util.Arrays;
import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.privacy.audit.GaussianQuantileAttack;
import org.probity.privacy.audit.Lira;
import org.probity.privacy.audit.MembershipAttack;
import org.probity.privacy.audit.MembershipScores.Statistic;
import org.probity.privacy.audit.QuantileRegressionAttack;
import org.probity.privacy.audit.Roc;
import org.probity.privacy.audit.ThresholdAttack;
import org.probity.privacy.audit.TrainingRecipe;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * One run of the mia-unseen experiment (notes §7, small-scale plan): a 20-class Gaussian mixture
 * (30 dimensions, 2 sub-clusters per class, 6 000 points; point noise 2.5, set so the target overfits
 * with a real generalisation gap: train accuracy 1.0, test ≈ 0.65) split 40/40/20 into a private half the
 * target MLP [128] overfits for 60 epochs, the attacker's public half with classes 0–3 removed, and
 * held-out non-members. Five attacks are evaluated: quantile regression with the paper code's
 * Gaussian head on the label-free top-two margin (the notes' plan, the one the claims judge), offline
 * LiRA, the loss threshold, and two unjudged QMIA variants kept for comparison (the pinball loss at
 * τ on φ, this module's first version, and the Gaussian head on the true-label margin). They are
 * evaluated on members versus non-members of the dropped ("unseen") classes and, separately,
 * of the other ("seen") classes. Unseen non-members are the held-out ones plus the public examples
 * of dropped classes (the attacker never sees them); seen non-members are the held-out ones only,
 * since the attacker trained on the public seen examples.
 */
final class MiaUnseenExperiment {
  static final int N = 6000;
  static final int CLASSES = 20;
  static final int DIM = 30;
  static final int SUBCLUSTERS = 2;
  static final int DROPPED = 4;
  static final double SEPARATION = 1.0;
  static final double NOISE = 2.5;
  static final double FPR = 0.01;

  /** The shape of one run: shadows for LiRA and the quantile level of the pinball regression attack. */
  record Settings(int shadows, boolean fixedVariance, double tau, double noise) {}

  /** AUROC and TPR at 1% FPR of each attack, on unseen and seen classes. */
  record Outcome(double[] unseenAuroc, double[] unseenTpr, double[] seenAuroc, double[] seenTpr,
      double targetTrainAccuracy, double targetTestAccuracy) {}

  /** Attack order in {@link Outcome}'s arrays. */
  static final List<String> ATTACKS = List.of("qmia_gaussian_top2", "lira", "threshold", "qmia_pinball_phi",
      "qmia_gaussian_true_margin");

  static final TrainingRecipe TARGET = new TrainingRecipe(ModelSpec.mlp(List.of(128), "relu", 0.0), CLASSES, 60, 32,
      1e-3, 0.0);

  static Outcome run(Settings s, Rng rng) {
    Dataset all = MixtureClasses.generate("mixture20", N, CLASSES, DIM, SUBCLUSTERS, SEPARATION, s.noise(),
        rng.derive("data"));
    int[] order = rng.derive("split").permutation(N);
    int privateN = N * 2 / 5;
    int publicN = N * 2 / 5;
    Dataset priv = all.subset(Arrays.copyOfRange(order, 0, privateN));
    Dataset pub = all.subset(Arrays.copyOfRange(order, privateN, privateN + publicN));
    Dataset test = all.subset(Arrays.copyOfRange(order, privateN + publicN, N));

    Module target = TARGET.train(priv, rng.derive("target"));
    Dataset attacker = pub.subset(select(pub, true));
    Dataset membersUnseen = priv.subset(select(priv, false));
    Dataset membersSeen = priv.subset(select(priv, true));
    Dataset nonUnseen = test.subset(select(test, false)).append(pub.subset(select(pub, false)));
    Dataset nonSeen = test.subset(select(test, true));

    MembershipAttack pinball = QuantileRegressionAttack.fit(target, attacker, new QuantileRegressionAttack.Config(
        List.of(64, 32), s.tau(), 40, 64, 1e-3, 1e-4, Statistic.LOGIT_CONFIDENCE), rng.derive("qmia"));
    MembershipAttack lira = new Lira(TARGET, attacker, s.shadows(), Lira.Variant.OFFLINE, s.fixedVariance(),
        rng.derive("lira"));
    MembershipAttack threshold = ThresholdAttack.loss();
    MembershipAttack gaussianTop2 = gaussian(target, attacker, GaussianQuantileAttack.Score.TOP_TWO_MARGIN,
        rng.derive("qmia-gaussian"));
    MembershipAttack gaussianTrue = gaussian(target, attacker, GaussianQuantileAttack.Score.TRUE_MARGIN,
        rng.derive("qmia-gaussian-true-margin"));
    MembershipAttack[] attacks = {gaussianTop2, lira, threshold, pinball, gaussianTrue};
    int k = attacks.length;
    double[] ua = new double[k];
    double[] ut = new double[k];
    double[] sa = new double[k];
    double[] st = new double[k];
    // LiRA's shadows are the expensive part: score every query set in one call per attack.
    Dataset queries = membersUnseen.append(nonUnseen).append(membersSeen).append(nonSeen);
    int a = membersUnseen.size();
    int b = a + nonUnseen.size();
    int c = b + membersSeen.size();
    for (int i = 0; i < k; i++) {
      double[] sc = attacks[i].score(target, queries);
      Roc unseen = Roc.of(Arrays.copyOfRange(sc, 0, a), Arrays.copyOfRange(sc, a, b));
      Roc seen = Roc.of(Arrays.copyOfRange(sc, b, c), Arrays.copyOfRange(sc, c, sc.length));
      ua[i] = unseen.auroc();
      ut[i] = unseen.tprAtFpr(FPR);
      sa[i] = seen.auroc();
      st[i] = seen.tprAtFpr(FPR);
    }
    return new Outcome(ua, ut, sa, st, accuracy(target, priv), accuracy(target, test));
  }

  /** The Gaussian-head QMIA of the notes' plan: an MLP [64, 32] → (μ, log σ), 40 epochs, lr 1e-3. */
  private static MembershipAttack gaussian(Module target, Dataset attacker, GaussianQuantileAttack.Score score,
      Rng rng) {
    return GaussianQuantileAttack.fit(target, attacker, new GaussianQuantileAttack.Config(List.of(64, 32), 40, 64,
        1e-3, 1e-4, score), rng);
  }

  /** Indices of {@code d}'s examples whose class is kept by the attacker ({@code seen}) or dropped. */
  static int[] select(Dataset d, boolean seen) {
    int[] labels = d.labels();
    int count = 0;
    for (int y : labels) {
      count += (y >= DROPPED) == seen ? 1 : 0;
    }
    int[] idx = new int[count];
    for (int i = 0, j = 0; i < labels.length; i++) {
      if ((labels[i] >= DROPPED) == seen) {
        idx[j++] = i;
      }
    }
    return idx;
  }

  private static double accuracy(Module m, Dataset d) {
    float[] out = org.probity.core.metrics.Evaluator.outputs(m, d).data();
    int correct = 0;
    int[] y = d.labels();
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int j = 1; j < CLASSES; j++) {
        if (out[i * CLASSES + j] > out[i * CLASSES + best]) {
          best = j;
        }
      }
      correct += best == y[i] ? 1 : 0;
    }
    return (double) correct / y.length;
  }
}
