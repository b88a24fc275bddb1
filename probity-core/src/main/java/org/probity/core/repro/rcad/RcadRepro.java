package org.probity.core.repro.rcad;

import java.util.List;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of RCAD (Setlur, Eysenbach, Smith and Levine, "Adversarial
 * Unlearning: Reducing Confidence Along Adversarial Directions", NeurIPS 2022): raising predictive
 * entropy at points a large step along each example's adversarial direction improves test accuracy
 * when data are scarce ({@link LowDataDigits}) and, in the linear setting of the paper's theory,
 * removes weight from features correlated with the label only by chance ({@link SpuriousToy}).
 * Both run through the shared trainer with {@link org.probity.core.train.Rcad} as its gradient
 * oracle; thresholds are the pass criteria of the reproduction notes, fixed before measuring. FULL
 * runs the notes' 10 seeds and 300 epochs; QUICK runs fewer seeds and epochs (stated in each note).
 */
public final class RcadRepro implements Repro {
  static final int FULL_SEEDS = 10;
  static final int FULL_EPOCHS = 300;
  static final int QUICK_DIGIT_SEEDS = 1;
  static final int QUICK_EPOCHS = 40;
  static final int QUICK_TOY_SEEDS = 2;

  @Override
  public String id() {
    return "rcad";
  }

  @Override
  public String paper() {
    return "Setlur, Eysenbach, Smith, Levine. Adversarial Unlearning: Reducing Confidence Along Adversarial"
        + " Directions. NeurIPS 2022";
  }

  @Override
  public List<Claim> claims() {
    return List.of(LowDataDigits.CLAIM, SpuriousToy.CLAIM);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    boolean full = mode == Mode.FULL;
    Rng root = new Rng(seed).derive("rcad");
    List<ClaimResult> results = List.of(
        LowDataDigits.run(full ? FULL_SEEDS : QUICK_DIGIT_SEEDS, full ? FULL_EPOCHS : QUICK_EPOCHS,
            root.derive(LowDataDigits.CLAIM.id())),
        SpuriousToy.run(full ? FULL_SEEDS : QUICK_TOY_SEEDS, root.derive(SpuriousToy.CLAIM.id())));
    return new ReproResult(id(), paper(), mode, seed, results);
  }
}
