package org.probity.federated.privacy;

import org.probity.federated.Config;
import org.probity.privacy.accountant.PrivacyChecks;

/**
 * Silo-specific sample-level differential privacy, the notion of Liu, Hu, Wu, Smith ("On Privacy
 * and Personalization in Cross-Silo Federated Learning", NeurIPS 2022): every silo trains with
 * DP-SGD on its own examples — per-example clipping to C of the whole local gradient (proximal term
 * included), Gaussian noise σ·C, batches sampled at rate q = B/n_k — so that everything it sends is
 * (ε, δ)-DP for each of its examples and the server, the other silos and anyone who sees the models
 * learn nothing more. σ is either given or calibrated per silo for a target ε over that silo's
 * planned steps ({@link SiloPlan}); silos of different sizes therefore get different σ for the same
 * ε. IFCA's cluster choice, which reads the silo's data, is made with the exponential mechanism at
 * {@link #selectionEpsilon} per choice (default 0.03·ε, the official code's default) and composed in
 * RDP. The settings travel to the clients in the fit and evaluate configs ({@link #toConfig});
 * nothing here knows about transport.
 *
 * @param clipNorm C > 0; infinite only with σ = 0 (the non-private limit used by tests)
 * @param noiseMultiplier σ >= 0 when given, NaN when {@code targetEpsilon} is set; σ = 0 adds no
 *     noise and gives no guarantee (ε = ∞)
 * @param targetEpsilon the ε each silo must not exceed, NaN when σ is given
 * @param delta δ in (0, 1)
 * @param batching Poisson (exact accounting) or shuffled fixed-size batches accounted as Poisson
 * @param selectionEpsilon ε of each private cluster choice (IFCA), or NaN for the default
 */
public record SampleDp(double clipNorm, double noiseMultiplier, double targetEpsilon, double delta, Batching batching,
    double selectionEpsilon) {
  /** Config keys (fit and evaluate instructions). */
  public static final String CLIP = "dp_clip";
  public static final String NOISE = "dp_noise";
  public static final String TARGET_EPSILON = "dp_target_epsilon";
  public static final String DELTA = "dp_delta";
  public static final String BATCHING = "dp_batching";
  public static final String SELECTION_EPSILON = "dp_selection_epsilon";
  /** The official MR-MTL code's default private-selection budget: 3% of the training ε. */
  public static final double SELECTION_SHARE = 0.03;

  public SampleDp {
    String op = "silo privacy";
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException(op + ": clip norm C must be > 0, got " + clipNorm);
    }
    if (Double.isNaN(noiseMultiplier) == Double.isNaN(targetEpsilon)) {
      throw new IllegalArgumentException(op + ": give exactly one of a noise multiplier σ and a target ε, got σ="
          + noiseMultiplier + " and ε=" + targetEpsilon);
    }
    if (!Double.isNaN(noiseMultiplier) && (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier))) {
      throw new IllegalArgumentException(op + ": noise multiplier σ must be a finite number >= 0, got "
          + noiseMultiplier);
    }
    if (!Double.isNaN(targetEpsilon)) {
      PrivacyChecks.epsilon(op + " target", targetEpsilon);
    }
    if (Double.isInfinite(clipNorm) && !(noiseMultiplier == 0)) {
      throw new IllegalArgumentException(op + ": an infinite clip norm needs σ = 0 (the noise std σ·C would be"
          + " infinite)");
    }
    PrivacyChecks.delta(op, delta);
    if (batching == null) {
      throw new IllegalArgumentException(op + ": batching must not be null");
    }
    if (!Double.isNaN(selectionEpsilon)) {
      PrivacyChecks.epsilon(op + " selection", selectionEpsilon);
    }
  }

  /** σ calibrated per silo so that its ε over the planned steps is {@code epsilon}; Poisson batches. */
  public static SampleDp targetEpsilon(double epsilon, double delta, double clipNorm) {
    return new SampleDp(clipNorm, Double.NaN, epsilon, delta, Batching.POISSON, Double.NaN);
  }

  /** A given σ for every silo (each silo's ε then depends on its size); Poisson batches. */
  public static SampleDp noise(double noiseMultiplier, double delta, double clipNorm) {
    return new SampleDp(clipNorm, noiseMultiplier, Double.NaN, delta, Batching.POISSON, Double.NaN);
  }

  public SampleDp withBatching(Batching b) {
    return new SampleDp(clipNorm, noiseMultiplier, targetEpsilon, delta, b, selectionEpsilon);
  }

  public SampleDp withSelectionEpsilon(double epsilon) {
    return new SampleDp(clipNorm, noiseMultiplier, targetEpsilon, delta, batching, epsilon);
  }

  /** Whether σ is calibrated for a target ε (and the silo must then stay within its planned steps). */
  public boolean calibrated() {
    return !Double.isNaN(targetEpsilon);
  }

  /** ε of one private cluster choice: as set, else 3% of the target ε (or of ε = 1 when σ is given). */
  public double resolvedSelectionEpsilon() {
    if (!Double.isNaN(selectionEpsilon)) {
      return selectionEpsilon;
    }
    return SELECTION_SHARE * (calibrated() ? targetEpsilon : 1.0);
  }

  /** {@code base} with these settings added. */
  public Config toConfig(Config base) {
    Config c = base.with(CLIP, clipNorm).with(DELTA, delta).with(BATCHING, batching.label());
    c = calibrated() ? c.with(TARGET_EPSILON, targetEpsilon) : c.with(NOISE, noiseMultiplier);
    return Double.isNaN(selectionEpsilon) ? c : c.with(SELECTION_EPSILON, selectionEpsilon);
  }

  /** The settings a config carries, or null when it carries none (a non-private instruction). */
  public static SampleDp fromConfig(Config c) {
    if (!c.has(CLIP)) {
      return null;
    }
    return new SampleDp(c.getDouble(CLIP, Double.NaN), c.getDouble(NOISE, Double.NaN),
        c.getDouble(TARGET_EPSILON, Double.NaN), c.getDouble(DELTA, Double.NaN),
        Batching.of(c.getString(BATCHING, Batching.POISSON.label())), c.getDouble(SELECTION_EPSILON, Double.NaN));
  }
}
