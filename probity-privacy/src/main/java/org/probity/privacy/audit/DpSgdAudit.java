package org.probity.privacy.audit;

import java.util.Locale;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.Trainer;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.optim.ClippedGradient;
import org.probity.privacy.optim.DpPlan;
import org.probity.privacy.optim.DpSgd;
import org.probity.privacy.optim.DpTransforms;
import org.probity.privacy.optim.PrivacyListener;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;

/**
 * Probity's DP sanity audit of its own DP-SGD: the multi-run canary audit of Jagielski et al. 2020
 * ({@link CanaryTrials}) set up so that the test is nearly optimal. A softmax-regression model (one
 * {@link Linear} layer, zero-initialised) is trained on a small fixed subset of a dataset by
 * the library's DP-SGD path ({@link DpSgd}'s planner, Poisson batches, per-example clipping, Gaussian
 * noise and RDP accountant) with σ calibrated so that the accountant gives exactly the target ε at δ
 * after T full-batch steps (q = 1, so no subsampling amplification hides the signal). The canary is
 * a "Dirac" input, every feature zero except one feature that is zero in every row of the data, set
 * to a large value M, with a fixed label; its raw gradient norm (about M) is far above the clip
 * norm. Without the canary that feature's weight column moves by noise alone; with it, also by the
 * clipped canary gradient. The attacker queries the final model at the canary and at the zero input
 * and scores z_y − mean(z) of the difference, which is M times the projection of that column on the
 * direction the canary pushes it: the likelihood-ratio test of Gaussian noise against shifted
 * Gaussian noise, up to the drift of the gradient's direction. Broken variants (no noise, no
 * clipping) train differently while claiming the same ε, and must be caught.
 */
public final class DpSgdAudit implements CanaryTrials.Trial {
  /** What the training run gets wrong, if anything, while claiming the calibrated ε. */
  public enum Fault {
    /** Correct DP-SGD. */
    NONE,
    /** The noise step is skipped (σ = 0 in the optimiser); the accountant still counts the calibrated σ. */
    NO_NOISE,
    /** The clipping step is skipped (per-example gradients unbounded); the noise still uses the nominal C. */
    NO_CLIPPING
  }

  /**
   * The audit's fixed settings.
   *
   * @param rows training rows drawn from the source
   * @param steps T, full-batch DP-SGD steps
   * @param clipNorm C
   * @param canaryValue M, the canary's one non-zero feature
   * @param canaryLabel the canary's label
   * @param learningRate SGD's learning rate
   * @param delta δ of the accountant's (ε, δ)
   */
  public record Setup(int rows, int steps, double clipNorm, double canaryValue, int canaryLabel, double learningRate,
      double delta) {
    public Setup {
      if (rows < 1 || steps < 1) {
        throw new IllegalArgumentException("dp-sgd audit: rows and steps must be at least 1, got rows " + rows
            + ", steps " + steps);
      }
      if (!(clipNorm > 0) || Double.isInfinite(clipNorm) || !(canaryValue > 0) || Double.isInfinite(canaryValue)
          || !(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("dp-sgd audit: clip norm, canary value and learning rate must be finite"
            + " and > 0, got " + clipNorm + ", " + canaryValue + ", " + learningRate);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("dp-sgd audit: δ must lie in (0, 1), got " + delta);
      }
    }

    /**
     * 200 rows, T = 20, C = 1, M = 100 (raw canary gradient ≈ 95·C), label 0, learning rate 0.03,
     * δ = 1e-5. The learning rate keeps M·lr·T/n = 0.3: the clipped canary moves its own logits by
     * about 0.3 over the run, far from saturating the softmax (so its gradient stays clipped at full
     * norm), while without clipping it moves them by several logits, well above the noise at ε = 1.
     * At q = 1, T steps of σ are one step of σ/√T, so the test's power depends on ε and hardly on
     * T; a run costs about T times the library's per-step cost, and the row count barely matters.
     */
    public static Setup standard() {
      return new Setup(200, 20, 1.0, 100.0, 0, 0.03, 1e-5);
    }
  }

  private final Dataset train;
  private final Dataset withCanary;
  private final int feature;
  private final Setup setup;
  private final double targetEpsilon;
  private final Fault fault;
  private final DpSgd dp;
  private final double accountantEpsilon;

  private DpSgdAudit(Dataset train, int feature, Setup setup, double targetEpsilon, Fault fault) {
    this.train = train;
    this.feature = feature;
    this.setup = setup;
    this.targetEpsilon = targetEpsilon;
    this.fault = fault;
    int f = train.exampleShape().size();
    float[] x = new float[f];
    x[feature] = (float) setup.canaryValue();
    this.withCanary = train.append(Dataset.classification(train.name() + ":dirac-canary",
        Tensor.wrap(x, Shape.of(1, f)), new int[] {setup.canaryLabel()}, train.numClasses()));
    double sigma = NoiseCalibration.noiseFor(targetEpsilon, setup.delta(), 1.0, setup.steps());
    this.dp = new DpSgd(setup.clipNorm(), sigma, 1.0, setup.delta(), DpSgd.NO_BUDGET);
    this.accountantEpsilon = dp.spentAfter(setup.steps()).epsilon();
  }

  /**
   * The audit of DP-SGD at {@code epsilon} on {@code setup.rows()} rows of {@code source} drawn by
   * {@code rng}; fails when no feature is zero in every row of {@code source} (no room for a Dirac
   * canary), or when the source is not a classification dataset with the canary's label.
   */
  public static DpSgdAudit of(Dataset source, Setup setup, double epsilon, Fault fault, Rng rng) {
    if (source == null || setup == null || fault == null || rng == null) {
      throw new IllegalArgumentException("dp-sgd audit: source, setup, fault and rng must not be null");
    }
    if (!source.isClassification()) {
      throw new IllegalArgumentException("dp-sgd audit: dataset '" + source.name() + "' has regression targets;"
          + " the audit trains a classifier");
    }
    if (setup.canaryLabel() < 0 || setup.canaryLabel() >= source.numClasses()) {
      throw new IllegalArgumentException("dp-sgd audit: canary label " + setup.canaryLabel() + " is outside the "
          + source.numClasses() + " classes of '" + source.name() + "'");
    }
    if (setup.rows() > source.size()) {
      throw new IllegalArgumentException("dp-sgd audit: " + setup.rows() + " rows requested but '" + source.name()
          + "' has " + source.size());
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("dp-sgd audit: target ε must be finite and > 0, got " + epsilon);
    }
    int f = source.exampleShape().size();
    Dataset flat = source.withFeatures(source.features().detach().reshape(source.size(), f));
    int feature = zeroFeature(flat);
    int[] perm = rng.derive("rows").permutation(source.size());
    int[] rows = java.util.Arrays.copyOf(perm, setup.rows());
    return new DpSgdAudit(flat.subset(rows), feature, setup, epsilon, fault);
  }

  /** {@link #of} on the bundled digits (Datasets.load("digits")) with {@link Setup#standard()}. */
  public static DpSgdAudit digits(double epsilon, Fault fault, Rng rng) {
    return of(Datasets.load("digits"), Setup.standard(), epsilon, fault, rng);
  }

  /**
   * The first feature that is exactly zero in every row of {@code data} (features flattened per
   * row); IllegalArgumentException when there is none.
   */
  public static int zeroFeature(Dataset data) {
    float[] x = data.features().data();
    int n = data.size();
    int f = data.exampleShape().size();
    for (int j = 0; j < f; j++) {
      boolean zero = true;
      for (int i = 0; i < n && zero; i++) {
        zero = x[i * f + j] == 0f;
      }
      if (zero) {
        return j;
      }
    }
    throw new IllegalArgumentException("dp-sgd audit: no feature of '" + data.name() + "' is zero in all " + n
        + " rows; a Dirac canary needs one (its weights then move by noise alone unless the canary is in)");
  }

  /** One DP-SGD run, with or without the canary, and the attacker's score of it (higher = member). */
  @Override
  public double score(boolean canaryIn, Rng rng) {
    Dataset data = canaryIn ? withCanary : train;
    int f = train.exampleShape().size();
    int k = train.numClasses();
    Linear model = zeroLinear(f, k);
    DpPlan plan = dp.plan(TrainConfig.ofSteps(setup.steps(), data.size(), rng.derive("trainer").nextLong()),
        data.size());
    PrivacyListener privacy = new PrivacyListener(dp.accountant(), dp.noiseMultiplier(), dp.sampleRate(), dp.delta());
    Trainer trainer = dp.trainer(plan, data, privacy);
    if (fault == Fault.NO_CLIPPING) {
      trainer.gradientOracle(new ClippedGradient(Double.POSITIVE_INFINITY));
    }
    double sigma = fault == Fault.NO_NOISE ? 0 : dp.noiseMultiplier();
    // The noisy sum is divided by the size of the data without the canary in both worlds: q·n is
    // public, so it must not depend on whether the canary is in (add/remove neighbours).
    trainer.fit(model, LossFunction.crossEntropy(), Mean.INSTANCE,
        DpTransforms.privatized(Optimizers.sgd(setup.learningRate()), sigma, dp.clipNorm(),
            dp.expectedBatchSize(train.size()), rng.derive("dp-noise")),
        data, null);
    return canaryScore(model, f, k);
  }

  // Zero initialisation (fixed and public, as DP assumes of the initial model) makes the canary's
  // first prediction uniform, so its clipped gradient points along e_y − 1/K, the score's direction.
  private static Linear zeroLinear(int f, int k) {
    Linear model = new Linear(f, k, new Rng(0));
    java.util.Arrays.fill(model.weight().data(), 0f);
    java.util.Arrays.fill(model.bias().data(), 0f);
    return model;
  }

  // z_y − mean(z) at the canary minus the same at the zero input: the bias and every other weight
  // cancel, leaving M times the canary column's projection on the direction e_y − 1/K.
  private double canaryScore(Linear model, int f, int k) {
    float[] q = new float[2 * f];
    q[feature] = (float) setup.canaryValue();
    float[] z;
    try (NoGrad ignored = NoGrad.enter()) {
      z = model.forward(Tensor.wrap(q, Shape.of(2, f))).data();
    }
    int y = setup.canaryLabel();
    double mean0 = 0;
    double mean1 = 0;
    for (int c = 0; c < k; c++) {
      mean0 += z[c];
      mean1 += z[k + c];
    }
    mean0 /= k;
    mean1 /= k;
    return (z[y] - mean0) - (z[k + y] - mean1);
  }

  /** {@link CanaryTrials#run} of this audit: {@code runs} runs, bound at the setup's δ. */
  public CanaryTrials.Outcome audit(int runs, double confidence, Rng rng) {
    return CanaryTrials.run(this, runs, setup.delta(), confidence, rng);
  }

  /** The ε the run claims: the target the noise was calibrated to. */
  public double targetEpsilon() {
    return targetEpsilon;
  }

  /** The accountant's ε after T steps of the calibrated σ (at most the target). */
  public double accountantEpsilon() {
    return accountantEpsilon;
  }

  /** The calibrated noise multiplier σ. */
  public double noiseMultiplier() {
    return dp.noiseMultiplier();
  }

  /** The feature the canary sets (zero in every row of the data). */
  public int canaryFeature() {
    return feature;
  }

  public Fault fault() {
    return fault;
  }

  public Setup setup() {
    return setup;
  }

  /** The fixed training rows (without the canary). */
  public Dataset trainingData() {
    return train;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "dp-sgd audit (ε=%s, σ=%.4f, T=%d, q=1, C=%s, n=%d, fault %s)",
        targetEpsilon, dp.noiseMultiplier(), setup.steps(), setup.clipNorm(), train.size(), fault);
  }
}
