package org.probity.core.repro.brdro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Bitrate-Constrained DRO (BR-DRO; Setlur, Dennis, Eysenbach,
 * Raghunathan, Finn, Smith and Levine, ICLR 2023): a DRO adversary restricted to low-bitrate group
 * functions should recover the worst-group accuracy of Group DRO without group labels, where ERM
 * follows a spurious attribute and unconstrained CVaR-DRO is misled by randomly flipped labels. One
 * experiment ({@link GroupShiftExperiment}: synthetic spurious-attribute data with label noise,
 * logistic regression, the shared trainer and the {@code org.probity.core.dro} objectives) feeds
 * the notes' three criteria, fixed here before measuring. The paper has no official code, so the
 * method's details are a reconstruction (see {@code BitrateDro}). γ ∈ {0.1, 1} are both run and
 * reported; the claims are judged at γ = 0.1, chosen in advance, since selecting γ by worst-group
 * validation accuracy would need the group labels BR-DRO is meant to do without.
 */
public final class BrDroRepro implements Repro {
  static final int QUICK_SEEDS = 2;
  static final int QUICK_EPOCHS = 20;
  static final int FULL_SEEDS = 5;
  static final int FULL_EPOCHS = 30;

  static final double VS_ERM = 0.10;
  static final double VS_CVAR = 0.03;
  static final double VS_GROUP_DRO = 0.05;

  private static final String SETUP = " (synthetic group shift: binary y, 5 core, 2 spurious and 10 nuisance"
      + " features, spurious bit s = y for 95% of 3,000 training rows, 15% flipped training labels, clean test set"
      + " of 4,000 balanced over the 4 (y, s) groups; logistic regression from 0, Adam 0.01, batch 100; BR-DRO with"
      + " α = 0.2, z-dim 2, adversary Adam 0.01, γ = 0.1 fixed in advance, trained without group labels)";

  static final Claim VS_ERM_CLAIM = new Claim("beats-erm", "BR-DRO's worst-group test accuracy, averaged over 5"
      + " seeds, is at least ERM's + 10 points" + SETUP + ".");
  static final Claim VS_CVAR_CLAIM = new Claim("beats-cvar", "BR-DRO's worst-group test accuracy, averaged over 5"
      + " seeds, is at least CVaR-DRO's (α = 0.2) + 3 points: CVaR is misled by the flipped labels" + SETUP + ".");
  static final Claim VS_GROUP_DRO_CLAIM = new Claim("near-group-dro", "BR-DRO's worst-group test accuracy, averaged"
      + " over 5 seeds, is at least Group DRO's with oracle group labels (step 0.01) − 5 points, with no group labels"
      + " used by BR-DRO" + SETUP + ".");

  @Override
  public String id() {
    return "bpf-dro";
  }

  @Override
  public String paper() {
    return "Setlur, Dennis, Eysenbach, Raghunathan, Finn, Smith, Levine. Bitrate-Constrained DRO: Beyond Worst Case"
        + " Robustness To Unknown Group Shifts. ICLR 2023";
  }

  @Override
  public List<Claim> claims() {
    return List.of(VS_ERM_CLAIM, VS_CVAR_CLAIM, VS_GROUP_DRO_CLAIM);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    boolean full = mode == Mode.FULL;
    GroupShiftExperiment.Outcome o = GroupShiftExperiment.run(full ? FULL_SEEDS : QUICK_SEEDS,
        full ? FULL_EPOCHS : QUICK_EPOCHS, new Rng(seed).derive(id()));
    return new ReproResult(id(), paper(), mode, seed, results(o, full));
  }

  static List<ClaimResult> results(GroupShiftExperiment.Outcome o, boolean full) {
    String br = GroupShiftExperiment.CLAIM_METHOD;
    double brWorst = o.worstMean(br);
    Map<String, Double> common = new LinkedHashMap<>();
    for (String m : GroupShiftExperiment.METHODS) {
      common.put(m + "_worst_group_accuracy", o.worstMean(m));
      common.put(m + "_worst_group_accuracy_std", o.worstStd(m));
      common.put(m + "_mean_accuracy", o.meanMean(m));
    }
    double[] brSeeds = o.worstGroup().get(br);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : brSeeds) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    common.put(br + "_worst_group_accuracy_min", lo);
    common.put(br + "_worst_group_accuracy_max", hi);
    String run = (full ? "" : "QUICK mode: ") + o.seeds() + " seeds, " + o.epochs() + " epochs"
        + (full ? "" : " (the claim is stated for 5 seeds; FULL runs 5 seeds, 30 epochs)") + ".";
    String table = " Worst-group / mean test accuracy, mean ± std over seeds:\n" + GroupShiftExperiment.table(o);
    return List.of(
        compare(VS_ERM_CLAIM, common, "margin_over_erm", brWorst - o.worstMean("erm"), VS_ERM,
            o.brDroRunsWithGroupIds(), run + table),
        compare(VS_CVAR_CLAIM, common, "margin_over_cvar_dro", brWorst - o.worstMean("cvar_dro"), VS_CVAR,
            o.brDroRunsWithGroupIds(), run + " Table under beats-erm."),
        compare(VS_GROUP_DRO_CLAIM, common, "margin_over_group_dro", brWorst - o.worstMean("group_dro_oracle"),
            -VS_GROUP_DRO, o.brDroRunsWithGroupIds(), run + " Table under beats-erm."));
  }

  private static ClaimResult compare(Claim claim, Map<String, Double> common, String key, double margin,
      double threshold, int groupRuns, String run) {
    Map<String, Double> m = new LinkedHashMap<>(common);
    m.put(key, margin);
    m.put("threshold", threshold);
    // BR-DRO must train on data without group ids; the experiment counts the runs that had them.
    m.put("br_dro_group_labels_used", (double) groupRuns);
    boolean pass = margin >= threshold && groupRuns == 0;
    String note = String.format("BR-DRO (γ = 0.1) %s = %+.1f points, needed >= %+.1f: %s. %s", key, 100 * margin,
        100 * threshold, pass ? "holds" : "FAILS", run);
    return new ClaimResult(claim, m, pass, note);
  }
}
