package org.probity.cli.spec;

/**
 * The {@code privacy:} section of a central variant: train it with DP-SGD (Abadi et al., CCS 2016)
 * and report the (ε, δ) it spends. Per-example gradients are clipped to {@code clip} (C); Gaussian
 * noise of std σ·C is added to their sum, with σ either given ({@code noise}) or found for a target
 * ε over the run's steps ({@code epsilon}); batches are Poisson samples with rate
 * {@code sample_rate} (q; absent means batch_size / n, known once the data are loaded); an optional
 * {@code budget} stops training before the first step that would spend more than it. Exactly one
 * of {@code noise} and {@code epsilon} is set.
 *
 * @param clip C, the per-example L2 bound (> 0)
 * @param noise σ, the noise multiplier, or null when {@code epsilon} is the target
 * @param epsilon the target ε that σ is calibrated to, or null when {@code noise} is given
 * @param delta δ of the reported (ε, δ), in (0, 1)
 * @param sampleRate q in (0, 1], or null for batch_size / n
 * @param budget the most ε training may spend, or null for none
 */
public record PrivacySection(double clip, Double noise, Double epsilon, double delta, Double sampleRate,
    Double budget) {
  /** δ when the spec does not set one: the usual choice for datasets of 10⁴–10⁶ examples. */
  public static final double DEFAULT_DELTA = 1e-5;

  public PrivacySection {
    if ((noise == null) == (epsilon == null)) {
      throw new IllegalArgumentException("privacy: exactly one of noise and epsilon must be set, got noise " + noise
          + " and epsilon " + epsilon);
    }
  }

  /** Whether σ is found for a target ε rather than given. */
  public boolean calibrated() {
    return epsilon != null;
  }
}
