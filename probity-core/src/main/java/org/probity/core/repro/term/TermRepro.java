package org.probity.core.repro.term;

import java.util.List;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of tilted empirical risk minimisation (TERM; Li, Beirami, Sanjabi
 * and Smith, "On Tilted Losses in Machine Learning: Theory and Applications", JMLR 2023, extending
 * "Tilted Empirical Risk Minimization", ICLR 2021): one objective, {@code (1/t) log mean exp(t·loss)},
 * that suppresses outliers and noisy labels with t &lt; 0, protects the worst-off group with
 * t &gt; 0, and does both at once when tilted at two levels. Four claims, each run with the shared
 * objectives ({@code Tilted}, {@code GroupTilted}), data generators, models, optimisers and trainer:
 * robust regression ({@link RobustRegression}), label noise ({@link NoisyDigits}), fairness
 * ({@link FairMinority}) and hierarchical tilting ({@link HierarchicalTilt}). Thresholds are fixed
 * in the claim statements, before measuring; every seed derives from the run seed.
 */
public final class TermRepro implements Repro {
  /** Seeds per claim in QUICK mode (CI, seconds) and FULL mode (the docs), in claim order. */
  private static final int[] QUICK_SEEDS = {2, 1, 2, 2};
  private static final int[] FULL_SEEDS = {10, 5, 10, 10};

  @Override
  public String id() {
    return "term";
  }

  @Override
  public String paper() {
    return "Li, Beirami, Sanjabi, Smith. On Tilted Losses in Machine Learning: Theory and Applications. JMLR 2023";
  }

  @Override
  public List<Claim> claims() {
    return List.of(RobustRegression.CLAIM, NoisyDigits.CLAIM, FairMinority.CLAIM, HierarchicalTilt.CLAIM);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    int[] seeds = mode == Mode.FULL ? FULL_SEEDS : QUICK_SEEDS;
    Rng root = new Rng(seed).derive("term");
    List<ClaimResult> results = List.of(
        RobustRegression.run(seeds[0], root.derive(RobustRegression.CLAIM.id())),
        NoisyDigits.run(seeds[1], root.derive(NoisyDigits.CLAIM.id())),
        FairMinority.run(seeds[2], root.derive(FairMinority.CLAIM.id())),
        HierarchicalTilt.run(seeds[3], root.derive(HierarchicalTilt.CLAIM.id())));
    return new ReproResult(id(), paper(), mode, seed, results);
  }
}
