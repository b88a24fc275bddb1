package org.probity.privacy.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Thaker, Setlur, Wu, Smith, "On the Benefits of Public
 * Representations for Private Transfer Learning under Distribution Shift" (NeurIPS 2024): a
 * representation learned from public data makes private training far better than private training
 * from scratch, even when the private task is shifted so far that public data alone cannot solve
 * it. Two parts, both from notes-federated-privacy.md §13 (the paper has no official code):
 * (a) the paper's linear theory — a subspace B̂ estimated from public tasks by the method of
 * moments makes DP-SGD linear regression nearly as good as with the true subspace and far better
 * than in the full dimension ({@link PublicRepTheoryExperiment}); (b) the empirical finding at
 * digits scale — DP-SGD linear probing on frozen public features against DP-SGD from scratch and
 * DP full fine-tuning on rotated unseen classes ({@link PublicRepDigitsExperiment}). Every private
 * run is the library's DP-SGD ({@link org.probity.privacy.optim.DpSgd}) with σ calibrated to the
 * target ε by RDP accounting. Thresholds are the notes' (one, marked, is ours where the notes give
 * none), fixed in the claims before measuring; a claim that does not hold is reported as FAIL.
 */
public final class PublicRepresentationsRepro implements Repro {
  private static final String THEORY = "d = 50, k = 3, orthonormal B; T = 10 public tasks y = xᵀBβ_t + N(0, 1),"
      + " β_t ~ N(0, I_3), x ~ N(0, I_50); n₁ public rows in all (n₁/T per task); private θ* = Bβ_priv with"
      + " ‖β_priv‖ = 1 and β_priv orthogonal to the mean public β_t (the pooled public model predicts nothing of"
      + " it: zero-shot fails; the notes' 'orthogonal to the span' is impossible with 10 tasks in general position"
      + " in ℝ³); B̂ = top-3 eigenvectors of (1/n₁) Σ y² x xᵀ (Tripuraneni et al.); DP-SGD linear regression"
      + " (ε = 1, δ = 1e-5, σ from NoiseCalibration.noiseFor, expected batch 50, 10 epochs, zero start, clip"
      + " C ∈ {0.5, 1, 2} × lr ∈ {0.05, 0.15, 0.5} chosen per arm on n₂/4 validation rows) on Bᵀx for B = I"
      + " (full d), B̂ (n₁ = 500, 2000) and the true B, for n₂ ∈ {200, 500, 1000}; error = ‖θ̂ − θ*‖₂ (the"
      + " paper's Fig. 4 measure; its square is the excess risk), averaged over draws (FULL: 10; QUICK: 2)";

  static final Claim SUBSPACE_BEATS_FULL = new Claim("public-rep-subspace-beats-full-d", "Theory (" + THEORY
      + "): at every n₂, the mean error of DP-SGD in B̂ estimated from n₁ = 2000 public rows is below 0.7 × the"
      + " mean error of DP-SGD in the full d = 50 dimensions (threshold: notes §13 pass criterion; on errors, so"
      + " 0.49 × on excess risk).");
  static final Claim MORE_PUBLIC_HELPS = new Claim("public-rep-more-public-data-helps", "Theory (same setting): at"
      + " every n₂, the mean error with B̂ from n₁ = 2000 public rows is at most that with n₁ = 500 (notes §13"
      + " pass criterion).");
  static final Claim CLOSE_TO_TRUE_B = new Claim("public-rep-close-to-true-subspace", "Theory (same setting): at"
      + " every n₂, B̂ from n₁ = 2000 closes at least half of the gap between full-d and the true B:"
      + " err(B̂) − err(B) ≤ 0.5 × (err(full d) − err(B)), on mean errors. Threshold ours: the notes ask for 'close"
      + " to the true subspace' and give no number.");
  private static final String DIGITS = "a public MLP 64 → 64 ReLU → 5 pretrained without privacy (Adam 0.01, 30"
      + " epochs) on 80% of digits 0–4; private task digits 5–9 rotated 90° (relabelled 0–4), split 60/20/20 into"
      + " train/validation/test; DP-SGD (δ = 1e-5, σ from NoiseCalibration.noiseFor, expected batch 64, 20"
      + " epochs; clip × lr grid chosen per method and ε on validation: FULL C ∈ {0.5, 1, 2} × lr ∈ {0.1, 0.3, 1},"
      + " QUICK C = 1 × the same lr) for a linear probe on the frozen public hidden features (zero start), the MLP"
      + " from scratch, and full fine-tuning (public hidden layer, zero head, all weights trained); probe features"
      + " standardised with the public features' mean and std; test accuracy"
      + " averaged over seeds (FULL: 5; QUICK: 2)";
  static final Claim PROBE_BEATS_SCRATCH = new Claim("public-rep-probe-beats-scratch", "Digits under extreme shift ("
      + DIGITS + "): at ε = 1 the mean test accuracy of the private linear probe is at least 10 points above that"
      + " of private training from scratch (notes §13 pass criterion).");
  static final Claim PROBE_BEATS_FINETUNE = new Claim("public-rep-probe-beats-finetune", "Digits, same setting: the"
      + " mean test accuracy of the private linear probe is at least that of private full fine-tuning, at ε = 1"
      + " and at ε = 3 (notes §13 pass criterion 'linear probe ≥ full finetuning', which names no ε; both are"
      + " checked).");

  /** Claim (a)'s factor on errors (notes §13). */
  static final double SUBSPACE_FACTOR = 0.7;
  /** Claim (a3)'s share of the full-d-to-true-B gap B̂ must close (ours). */
  static final double GAP_SHARE = 0.5;
  /** Claim (b1)'s margin in accuracy (notes §13: 10 points). */
  static final double PROBE_MARGIN = 0.10;

  @Override
  public String id() {
    return "public-representations";
  }

  @Override
  public String paper() {
    return "Thaker, Setlur, Wu, Smith. On the Benefits of Public Representations for Private Transfer Learning under"
        + " Distribution Shift. NeurIPS 2024";
  }

  @Override
  public List<Claim> claims() {
    return List.of(SUBSPACE_BEATS_FULL, MORE_PUBLIC_HELPS, CLOSE_TO_TRUE_B, PROBE_BEATS_SCRATCH, PROBE_BEATS_FINETUNE);
  }

  static int theoryDraws(Mode mode) {
    return mode == Mode.FULL ? 10 : 2;
  }

  static int digitsSeeds(Mode mode) {
    return mode == Mode.FULL ? 5 : 2;
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    Rng root = new Rng(seed).derive("public-representations");
    List<PublicRepTheoryExperiment.Outcome> theory = new ArrayList<>();
    for (int i = 0; i < theoryDraws(mode); i++) {
      theory.add(PublicRepTheoryExperiment.run(root.derive("theory").derive(i)));
    }
    List<PublicRepDigitsExperiment.Setting> grid = PublicRepDigitsExperiment.grid(mode == Mode.FULL);
    List<PublicRepDigitsExperiment.Outcome> digits = new ArrayList<>();
    for (int i = 0; i < digitsSeeds(mode); i++) {
      digits.add(PublicRepDigitsExperiment.run(grid, root.derive("digits").derive(i)));
    }
    return new ReproResult(id(), paper(), mode, seed, List.of(subspaceBeatsFull(theory), morePublicHelps(theory),
        closeToTrueB(theory), probeBeatsScratch(digits), probeBeatsFinetune(digits)));
  }

  private static int arm(String name) {
    return PublicRepTheoryExperiment.ARMS.indexOf(name);
  }

  /** Mean over draws of the error of {@code arm} at n₂ index {@code j}. */
  private static double meanError(List<PublicRepTheoryExperiment.Outcome> t, int j, String arm) {
    return mean(t, o -> o.error()[j][arm(arm)]);
  }

  private static void putError(Map<String, Double> m, List<PublicRepTheoryExperiment.Outcome> t, int j, String arm) {
    String key = "n2_" + PublicRepTheoryExperiment.N2[j] + "." + arm;
    m.put(key + ".mean", meanError(t, j, arm));
    m.put(key + ".std", std(t, o -> o.error()[j][arm(arm)]));
  }

  /** What the public stage achieved, common to the three theory claims. */
  private static void putPublicStage(Map<String, Double> m, List<PublicRepTheoryExperiment.Outcome> t) {
    String[] names = {"n1_500", "n1_2000", "n1_20000"};
    for (int i = 0; i < names.length; i++) {
      int idx = i;
      m.put("sin_largest_angle." + names[i] + ".mean", mean(t, o -> o.sine()[idx]));
      m.put("theta_outside_bhat." + names[i] + ".mean", mean(t, o -> o.thetaResidual()[idx]));
    }
    m.put("zero_shot_error.mean", mean(t, PublicRepTheoryExperiment.Outcome::zeroShotError));
    double spent = 0;
    for (PublicRepTheoryExperiment.Outcome o : t) {
      for (double[] row : o.epsilon()) {
        for (double e : row) {
          spent = Math.max(spent, e);
        }
      }
    }
    m.put("epsilon.max_spent", spent);
    m.put("draws", (double) t.size());
  }

  private static ClaimResult subspaceBeatsFull(List<PublicRepTheoryExperiment.Outcome> t) {
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    for (int j = 0; j < PublicRepTheoryExperiment.N2.length; j++) {
      for (String a : PublicRepTheoryExperiment.ARMS) {
        putError(m, t, j, a);
      }
      double ratio = meanError(t, j, "mom_n1_2000") / meanError(t, j, "full_d");
      m.put("n2_" + PublicRepTheoryExperiment.N2[j] + ".ratio_mom_n1_2000_to_full_d", ratio);
      pass &= ratio < SUBSPACE_FACTOR;
    }
    putPublicStage(m, t);
    return new ClaimResult(SUBSPACE_BEATS_FULL, m, pass, String.format(Locale.ROOT, "pass iff every ratio < %.2f;"
        + " mean ± std over %d draw(s); mom_n1_20000 (2,000 rows per task, the other reading of n₁) is a diagnostic"
        + " judged by no claim; sin_largest_angle and theta_outside_bhat show how much of θ* the public estimate"
        + " misses, zero_shot_error the pooled public model's error on the private task", SUBSPACE_FACTOR, t.size()));
  }

  private static ClaimResult morePublicHelps(List<PublicRepTheoryExperiment.Outcome> t) {
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    for (int j = 0; j < PublicRepTheoryExperiment.N2.length; j++) {
      putError(m, t, j, "mom_n1_500");
      putError(m, t, j, "mom_n1_2000");
      double diff = meanError(t, j, "mom_n1_2000") - meanError(t, j, "mom_n1_500");
      m.put("n2_" + PublicRepTheoryExperiment.N2[j] + ".n1_2000_minus_n1_500", diff);
      pass &= diff <= 0;
    }
    putPublicStage(m, t);
    return new ClaimResult(MORE_PUBLIC_HELPS, m, pass, "pass iff every n1_2000_minus_n1_500 <= 0; the n₁ = 500"
        + " rows are the first 500 of the n₁ = 2000 sample; " + t.size() + " draw(s)");
  }

  private static ClaimResult closeToTrueB(List<PublicRepTheoryExperiment.Outcome> t) {
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    for (int j = 0; j < PublicRepTheoryExperiment.N2.length; j++) {
      putError(m, t, j, "full_d");
      putError(m, t, j, "mom_n1_2000");
      putError(m, t, j, "true_b");
      double excess = meanError(t, j, "mom_n1_2000") - meanError(t, j, "true_b");
      double allowed = GAP_SHARE * (meanError(t, j, "full_d") - meanError(t, j, "true_b"));
      String key = "n2_" + PublicRepTheoryExperiment.N2[j];
      m.put(key + ".mom_n1_2000_minus_true_b", excess);
      m.put(key + ".half_gap_full_d_to_true_b", allowed);
      pass &= excess <= allowed;
    }
    putPublicStage(m, t);
    return new ClaimResult(CLOSE_TO_TRUE_B, m, pass, "pass iff every mom_n1_2000_minus_true_b <="
        + " half_gap_full_d_to_true_b (threshold ours, the notes give none); " + t.size() + " draw(s)");
  }

  private static void putDigits(Map<String, Double> m, List<PublicRepDigitsExperiment.Outcome> d) {
    for (double eps : PublicRepDigitsExperiment.EPSILONS) {
      for (String method : PublicRepDigitsExperiment.METHODS) {
        String key = String.format(Locale.ROOT, "eps_%.0f.%s", eps, method);
        m.put(key + ".test.mean", mean(d, o -> o.choice(method, eps).test()));
        m.put(key + ".test.std", std(d, o -> o.choice(method, eps).test()));
        m.put(key + ".validation.mean", mean(d, o -> o.choice(method, eps).validation()));
        m.put(key + ".chosen_lr.seed0", d.get(0).choice(method, eps).chosen().lr());
        m.put(key + ".chosen_clip.seed0", d.get(0).choice(method, eps).chosen().clip());
      }
    }
    m.put("nonprivate.linear_probe.test.mean", mean(d, PublicRepDigitsExperiment.Outcome::nonPrivateProbe));
    m.put("nonprivate.from_scratch.test.mean", mean(d, PublicRepDigitsExperiment.Outcome::nonPrivateScratch));
    m.put("public_model.public_test.mean", mean(d, PublicRepDigitsExperiment.Outcome::publicAccuracy));
    double spent = 0;
    for (PublicRepDigitsExperiment.Outcome o : d) {
      for (PublicRepDigitsExperiment.Choice c : o.choices()) {
        spent = Math.max(spent, c.spent() - c.epsilonTarget());
      }
    }
    m.put("epsilon.max_spent_minus_target", spent);
    m.put("private_train_rows", (double) d.get(0).privateTrain());
    m.put("steps", (double) d.get(0).steps());
    m.put("sigma.eps_1", d.get(0).sigma()[0]);
    m.put("sigma.eps_3", d.get(0).sigma()[1]);
    m.put("seeds", (double) d.size());
  }

  private static ClaimResult probeBeatsScratch(List<PublicRepDigitsExperiment.Outcome> d) {
    Map<String, Double> m = new LinkedHashMap<>();
    putDigits(m, d);
    double gap1 = m.get("eps_1.linear_probe.test.mean") - m.get("eps_1.from_scratch.test.mean");
    double gap3 = m.get("eps_3.linear_probe.test.mean") - m.get("eps_3.from_scratch.test.mean");
    m.put("eps_1.probe_minus_scratch", gap1);
    m.put("eps_3.probe_minus_scratch", gap3);
    return new ClaimResult(PROBE_BEATS_SCRATCH, m, gap1 >= PROBE_MARGIN, String.format(Locale.ROOT,
        "pass iff eps_1.probe_minus_scratch >= %.2f (eps_3 reported, not judged); test accuracy of each method's"
            + " validation-chosen setting, mean over %d seed(s)", PROBE_MARGIN, d.size()));
  }

  private static ClaimResult probeBeatsFinetune(List<PublicRepDigitsExperiment.Outcome> d) {
    Map<String, Double> m = new LinkedHashMap<>();
    putDigits(m, d);
    boolean pass = true;
    for (double eps : PublicRepDigitsExperiment.EPSILONS) {
      String key = String.format(Locale.ROOT, "eps_%.0f", eps);
      double gap = m.get(key + ".linear_probe.test.mean") - m.get(key + ".full_finetune.test.mean");
      m.put(key + ".probe_minus_finetune", gap);
      pass &= gap >= 0;
    }
    return new ClaimResult(PROBE_BEATS_FINETUNE, m, pass, "pass iff probe_minus_finetune >= 0 at ε = 1 and at ε = 3;"
        + " mean over " + d.size() + " seed(s)");
  }

  private static <T> double mean(List<T> xs, ToDoubleFunction<T> f) {
    double s = 0;
    for (T x : xs) {
      s += f.applyAsDouble(x);
    }
    return s / xs.size();
  }

  /** Sample standard deviation (0 for one value), so a margin can be told from seed noise. */
  private static <T> double std(List<T> xs, ToDoubleFunction<T> f) {
    if (xs.size() < 2) {
      return 0;
    }
    double mu = mean(xs, f);
    double s = 0;
    for (T x : xs) {
      double e = f.applyAsDouble(x) - mu;
      s += e * e;
    }
    return Math.sqrt(s / (xs.size() - 1));
  }
}
