package org.probity.privacy.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.privacy.audit.CanaryTrials;
import org.probity.privacy.audit.DpSgdAudit;
import org.probity.privacy.audit.DpSgdAudit.Fault;
import org.probity.tensor.Rng;

/**
 * Probity's DP sanity audit, the second part of the privacy-audit reproduction {@code mia-unseen}
 * (registered under the same id and paper, so {@code probity repro mia-unseen} runs both): models
 * trained by the library's DP-SGD at ε = 1, 4 and 8 (δ = 1e-5) are audited with the multi-run
 * canary method of Jagielski, Ullman and Oprea, "Auditing Differentially Private Machine Learning:
 * How Private is Private SGD?" (NeurIPS 2020), as set up in {@link DpSgdAudit}: a Dirac canary in
 * half of R independent runs, the final model's score of it, and the held-out Clopper–Pearson ε
 * lower bound at 95% confidence. A correct implementation never shows more leakage than its
 * accountant allows, and a tight test shows more leakage as ε grows; a broken clipping or noise
 * step breaks the first (the tests check that). The criteria, fixed before the FULL measurement
 * (and before any run of this class; the QUICK size was chosen from ten seeds of a probe at
 * R = 400, where ε_lb(1) was always 0 and ε_lb(4) once 0): (a) "dp-audit-below-accountant":
 * ε_lb ≤ the accountant's ε at each of ε = 1, 4, 8; (b) "dp-audit-grows-with-epsilon":
 * ε_lb(1) ≤ ε_lb(4) &lt; ε_lb(8) and ε_lb(8) &gt; 0 — strict between 4 and 8, non-strict between
 * 1 and 4, because at ε = 1 (μ ≈ 0.35 in GDP terms) the held-out bound from a few hundred runs is
 * 0, and at QUICK size ε = 4 can be 0 too. QUICK: R = 400 runs per ε; FULL: R = 2000.
 */
public final class DpAuditRepro implements Repro {
  static final double[] EPSILONS = {1, 4, 8};
  static final int QUICK_RUNS = 400;
  static final int FULL_RUNS = 2000;
  static final double CONFIDENCE = 0.95;

  static final Claim BELOW_ACCOUNTANT = new Claim("dp-audit-below-accountant", "DP sanity audit (Jagielski et al."
      + " 2020): for DP-SGD at ε = 1, 4, 8 (δ = 1e-5), the empirical ε lower bound from a Dirac canary inserted in"
      + " half of R runs (held-out Clopper–Pearson, 95%) never exceeds the accountant's ε.");
  static final Claim GROWS = new Claim("dp-audit-grows-with-epsilon", "DP sanity audit: the empirical ε lower"
      + " bound grows with the accountant's ε: ε_lb(1) <= ε_lb(4) < ε_lb(8), with ε_lb(8) > 0.");

  @Override
  public String id() {
    return "mia-unseen";
  }

  /** The privacy-audit reproduction's paper: the parts of one id must name the same one. */
  @Override
  public String paper() {
    return new MiaUnseenRepro().paper();
  }

  @Override
  public List<Claim> claims() {
    return List.of(BELOW_ACCOUNTANT, GROWS);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    int runs = mode == Mode.FULL ? FULL_RUNS : QUICK_RUNS;
    Rng root = new Rng(seed).derive("dp-audit");
    Map<String, Double> m = new LinkedHashMap<>();
    double[] lb = new double[EPSILONS.length];
    double[] acc = new double[EPSILONS.length];
    boolean below = true;
    StringBuilder detail = new StringBuilder();
    long start = System.nanoTime();
    DpSgdAudit first = null;
    for (int e = 0; e < EPSILONS.length; e++) {
      DpSgdAudit audit = DpSgdAudit.digits(EPSILONS[e], Fault.NONE, root.derive("rows"));
      first = first == null ? audit : first;
      CanaryTrials.Outcome o = audit.audit(runs, CONFIDENCE, root.derive("trials").derive(e));
      lb[e] = o.epsilon();
      acc[e] = audit.accountantEpsilon();
      below &= lb[e] <= acc[e];
      String k = "eps" + (long) EPSILONS[e];
      m.put(k + ".accountant_epsilon", acc[e]);
      m.put(k + ".empirical_epsilon_lb", lb[e]);
      m.put(k + ".noise_multiplier", audit.noiseMultiplier());
      m.put(k + ".heldout_tpr", o.bound().tpr());
      m.put(k + ".heldout_fpr", o.bound().fpr());
      detail.append(String.format(Locale.ROOT, "%sε=%s: lb %.3f (accountant %.3f, σ=%.3f, held-out TPR %.3f FPR %.3f)",
          e == 0 ? "" : "; ", compact(EPSILONS[e]), lb[e], acc[e], audit.noiseMultiplier(), o.bound().tpr(),
          o.bound().fpr()));
    }
    m.put("runs_per_epsilon", (double) runs);
    m.put("seconds", (System.nanoTime() - start) / 1e9);
    DpSgdAudit.Setup s = first.setup();
    String setup = String.format(Locale.ROOT, "%d runs per ε; softmax regression on %d digits rows, full-batch"
        + " DP-SGD (q = 1), T = %d, C = %s, lr %s; Dirac canary feature %d = %s, label %d; score z_y - mean z at"
        + " the canary minus at 0; held-out Clopper-Pearson at %.0f%%, δ = %s", runs, s.rows(), s.steps(),
        compact(s.clipNorm()), compact(s.learningRate()), first.canaryFeature(), compact(s.canaryValue()),
        s.canaryLabel(), 100 * CONFIDENCE, compact(s.delta()));
    boolean grows = lb[0] <= lb[1] && lb[1] < lb[2] && lb[2] > 0;
    List<ClaimResult> results = List.of(
        new ClaimResult(BELOW_ACCOUNTANT, m, below, detail + "; " + setup),
        new ClaimResult(GROWS, m, grows, String.format(Locale.ROOT, "ε_lb %.3f, %.3f, %.3f at ε = 1, 4, 8 (needs"
            + " ε_lb(1) <= ε_lb(4) < ε_lb(8), ε_lb(8) > 0); %s", lb[0], lb[1], lb[2], setup)));
    return new ReproResult(id(), paper(), mode, seed, results);
  }

  private static String compact(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
