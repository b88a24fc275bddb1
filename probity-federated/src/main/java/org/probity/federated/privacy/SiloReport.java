package org.probity.federated.privacy;

import java.util.Locale;
import java.util.Map;
import org.probity.privacy.accountant.Guarantee;
import org.probity.privacy.accountant.PrivacySpent;

/**
 * What the server knows of one silo's privacy after a run: the (ε, δ) its ledger has spent and the
 * public parameters behind it (σ, q, steps, private choices, n), as the silo reported them with its
 * last reply ({@link SiloBudget#report}), and the plain sentence of its guarantee.
 */
public record SiloReport(int silo, double epsilon, double delta, double noiseMultiplier, double sampleRate,
    long steps, long plannedSteps, long selections, double selectionEpsilon, int trainSize) {

  /** The report in a reply's metrics, or null when they hold none. */
  public static SiloReport fromMetrics(int silo, Map<String, Double> m) {
    if (!m.containsKey(SiloBudget.EPSILON)) {
      return null;
    }
    return new SiloReport(silo, m.get(SiloBudget.EPSILON), m.get(SiloBudget.DELTA), m.get(SiloBudget.NOISE),
        m.get(SiloBudget.SAMPLE_RATE), m.get(SiloBudget.STEPS).longValue(), m.get(SiloBudget.PLANNED_STEPS).longValue(),
        m.get(SiloBudget.SELECTIONS).longValue(), m.get(SiloBudget.SELECTION_EPSILON),
        m.get(SiloBudget.TRAIN_SIZE).intValue());
  }

  /**
   * "(ε=1.00, δ=1e-5)-DP for each example of silo 3, by RDP accounting of 2,250 subsampled Gaussian
   * steps, q=0.008, σ=0.7", with the private choices added when there were any.
   */
  public String guarantee() {
    String whom = "each example of silo " + silo;
    if (noiseMultiplier == 0 && steps > 0) {
      return "no guarantee for " + whom + ": σ=0 adds no noise (ε=∞)";
    }
    String s = Guarantee.sentence(new PrivacySpent(epsilon, delta, Double.NaN), whom, steps, sampleRate,
        noiseMultiplier);
    if (selections > 0) {
      s += String.format(Locale.ROOT, ", with %,d private model choices (exponential mechanism, ε=%s each)",
          selections, Guarantee.compact(selectionEpsilon));
    }
    return s;
  }
}
