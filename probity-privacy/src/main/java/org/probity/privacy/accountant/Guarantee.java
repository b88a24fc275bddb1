package org.probity.privacy.accountant;

import java.util.Locale;

/**
 * The one plain sentence a report states a privacy guarantee in: "(ε=1.00, δ=1e-5)-DP for each
 * example of the training set, by RDP accounting of 2,250 subsampled Gaussian steps, q=0.008,
 * σ=0.7". It names whom the guarantee protects (an example, an example of silo 3, a client), the
 * accountant, how many releases it composed and their parameters, so a reader can re-run the
 * accountant from the sentence alone ({@code probity privacy epsilon --noise 0.7 --sample-rate
 * 0.008 --steps 2250}). Central runs and federated strategies build it here so that every report
 * words it the same way.
 */
public final class Guarantee {
  private Guarantee() {}

  /** The sentence for {@code steps} subsampled Gaussian steps. */
  public static String sentence(PrivacySpent spent, String whom, long steps, double sampleRate,
      double noiseMultiplier) {
    return sentence(spent, whom, steps, "steps", sampleRate, noiseMultiplier);
  }

  /**
   * The sentence for {@code count} releases counted in {@code unit} ("steps", or "rounds" for
   * client-level DP-FedAvg); ε to two decimals, δ, q and σ in their shortest exact form.
   */
  public static String sentence(PrivacySpent spent, String whom, long count, String unit, double sampleRate,
      double noiseMultiplier) {
    if (spent == null || whom == null || whom.isBlank() || unit == null || unit.isBlank()) {
      throw new IllegalArgumentException("guarantee: spent, whom and unit are required, got " + spent + ", '" + whom
          + "', '" + unit + "'");
    }
    return String.format(Locale.ROOT, "(ε=%.2f, δ=%s)-DP for %s, by %s accounting of %,d subsampled Gaussian %s,"
        + " q=%s, σ=%s", spent.epsilon(), compact(spent.delta()), whom, "RDP", count, unit, compact(sampleRate),
        compact(noiseMultiplier));
  }

  /** 1e-05 → "1e-5", 0.008 → "0.008", 0.7 → "0.7": four significant digits, no trailing zeros. */
  public static String compact(double v) {
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains("e")) {
      String[] parts = s.split("e");
      String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
      return mant + "e" + Integer.parseInt(parts[1]);
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
