package org.probity.privacy.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.optim.GradientTransform;
import org.probity.core.train.BatchSource;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.TrainResult;
import org.probity.core.train.Trainer;
import org.probity.core.train.TrainingListener;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * The settings of a DP-SGD run (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016)
 * and the assembly of its parts around the ordinary {@link Trainer}: Poisson batches with rate q,
 * per-example clipping to C ({@link ClippedGradient}), Gaussian noise σ·C in front of any optimiser
 * ({@link DpTransforms}; SGD gives DP-SGD, Adam DP-Adam, RMSProp DP-RMSProp), and an RDP accountant
 * that follows the steps ({@link PrivacyListener}). With a budget ε the run is planned to stop
 * before the first step that would spend more ({@link NoiseCalibration#maxSteps}), and says so.
 * The split into oracle, batch source and noise link follows Opacus's {@code PrivacyEngine}, which
 * wraps a model, data loader and optimiser the same way.
 *
 * @param clipNorm C, the per-example L2 bound (finite, > 0)
 * @param noiseMultiplier σ, the noise std in units of C (finite, > 0)
 * @param sampleRate q, each example's probability of joining a batch, in (0, 1]
 * @param delta δ of the reported (ε, δ), in (0, 1)
 * @param budget the ε the run may spend, or {@link #NO_BUDGET}
 */
public record DpSgd(double clipNorm, double noiseMultiplier, double sampleRate, double delta, double budget) {
  /** No ε budget: the run takes the steps it is given. */
  public static final double NO_BUDGET = Double.POSITIVE_INFINITY;

  public DpSgd {
    String op = "dp-sgd";
    if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException(op + ": clip norm C must be a finite number > 0, got " + clipNorm);
    }
    PrivacyChecks.noiseMultiplier(op, noiseMultiplier);
    PrivacyChecks.sampleRate(op, sampleRate);
    PrivacyChecks.delta(op, delta);
    if (budget != NO_BUDGET) {
      PrivacyChecks.epsilon(op + " budget", budget);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean hasBudget() {
    return budget != NO_BUDGET;
  }

  public DpSgd withBudget(double epsilon) {
    return new DpSgd(clipNorm, noiseMultiplier, sampleRate, delta, epsilon);
  }

  /** The trainer's gradient: the sum of per-example gradients clipped to C. */
  public ClippedGradient oracle() {
    return new ClippedGradient(clipNorm);
  }

  /** Poisson batches of rate q over {@code train}, step t from {@code rng.derive(t)}. */
  public BatchSource batches(Dataset train, Rng rng) {
    return BatchSource.poisson(train, sampleRate, rng);
  }

  /** q·n, the divisor of the noisy sum. */
  public double expectedBatchSize(int trainSize) {
    return sampleRate * trainSize;
  }

  /** {@code chain(gaussianNoise(σ, C, q·n, noise), optimizer)}. */
  public GradientTransform<List<Object>> optimizer(GradientTransform<?> optimizer, int trainSize, Rng noise) {
    return DpTransforms.privatized(optimizer, noiseMultiplier, clipNorm, expectedBatchSize(trainSize), noise);
  }

  /** A fresh RDP accountant on the default orders. */
  public RdpAccountant accountant() {
    return new RdpAccountant();
  }

  /** The (ε, δ) after {@code steps} steps of (σ, q), by the same accountant a run uses. */
  public PrivacySpent spentAfter(long steps) {
    RdpAccountant a = accountant();
    a.step(noiseMultiplier, sampleRate, steps);
    return a.spent(delta);
  }

  /** The most steps the budget allows (Long.MAX_VALUE without a budget). */
  public long maxSteps() {
    return hasBudget() ? NoiseCalibration.maxSteps(budget, delta, noiseMultiplier, sampleRate) : Long.MAX_VALUE;
  }

  /**
   * Plans a run of {@code config} on {@code trainSize} examples: the requested steps (epochs count
   * 1/q steps each, via the expected batch size), capped by the budget. Fails when the budget does
   * not pay for a single step.
   */
  public DpPlan plan(TrainConfig config, int trainSize) {
    if (config == null) {
      throw new IllegalArgumentException("dp-sgd: config must not be null");
    }
    if (trainSize <= 0) {
      throw new IllegalArgumentException("dp-sgd: the training data are empty");
    }
    double expected = expectedBatchSize(trainSize);
    int batch = (int) Math.max(1, Math.min(trainSize, Math.round(expected)));
    List<String> warnings = new ArrayList<>();
    if (delta >= 1.0 / trainSize) {
      warnings.add(String.format(Locale.ROOT, "δ=%s is not below 1/n=%s: releasing one random example in"
          + " the clear would meet that δ; choose δ well below 1/n", DpResult.compact(delta),
          DpResult.compact(1.0 / trainSize)));
    }
    if (Math.abs(config.batchSize() - expected) > Math.max(1.0, 0.01 * expected)) {
      warnings.add(String.format(Locale.ROOT, "batch size %d differs from the expected Poisson batch q·n=%.1f;"
          + " batches are drawn with q=%s and epochs counted as %d-example steps", config.batchSize(), expected,
          DpResult.compact(sampleRate), batch));
    }
    int requested = config.withBatchSize(batch).totalSteps(trainSize);
    long allowed = maxSteps();
    String reason = null;
    int steps = requested;
    if (allowed < requested) {
      if (allowed == 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "dp-sgd: the budget ε=%s (δ=%s) does not"
            + " pay for one step: one step of σ=%s, q=%s already spends ε=%.4f; raise σ, lower q or raise the"
            + " budget", DpResult.compact(budget), DpResult.compact(delta), DpResult.compact(noiseMultiplier),
            DpResult.compact(sampleRate), spentAfter(1).epsilon()));
      }
      steps = (int) allowed;
      reason = String.format(Locale.ROOT, "privacy budget ε=%s (δ=%s) reached: it allows %,d of the %,d requested"
          + " steps (σ=%s, q=%s); step %,d would spend ε=%.4f", DpResult.compact(budget), DpResult.compact(delta),
          steps, requested, DpResult.compact(noiseMultiplier), DpResult.compact(sampleRate), steps + 1,
          spentAfter(steps + 1L).epsilon());
    }
    TrainConfig run = new TrainConfig(0, steps, batch, config.evalEvery(), config.seed(), config.checkpointEvery(),
        config.logEvery());
    return new DpPlan(run, requested, expected, spentAfter(steps), reason, warnings);
  }

  /**
   * The trainer of a planned run: the plan's settings, Poisson batches (from the seed's
   * {@code "poisson"} stream), per-example clipping and {@code privacy} as its first listener. Add
   * checkpoints and further listeners to it as to any trainer.
   */
  public Trainer trainer(DpPlan plan, Dataset train, PrivacyListener privacy) {
    Rng root = new Rng(plan.config().seed());
    return new Trainer(plan.config())
        .gradientOracle(oracle())
        .batchSource(batches(train, root.derive("poisson")))
        .listener(privacy);
  }

  /** The noise stream of a run with this seed ({@code "dp-noise"}). */
  public static Rng noiseStream(long seed) {
    return new Rng(seed).derive("dp-noise");
  }

  /**
   * Trains {@code model} privately: plans the steps under the budget, runs the trainer with the mean
   * objective and {@code chain(noise, optimizer)}, and returns the result with the privacy spent.
   */
  public DpResult fit(TrainConfig config, Module model, LossFunction loss, GradientTransform<?> optimizer,
      Dataset train, Dataset eval, TrainingListener... listeners) {
    if (train == null) {
      throw new IllegalArgumentException("dp-sgd: training data are required");
    }
    DpPlan plan = plan(config, train.size());
    PrivacyListener privacy = new PrivacyListener(accountant(), noiseMultiplier, sampleRate, delta);
    Trainer trainer = trainer(plan, train, privacy);
    for (TrainingListener l : listeners) {
      trainer.listener(l);
    }
    TrainResult r = trainer.fit(model, loss, Mean.INSTANCE,
        optimizer(optimizer, train.size(), noiseStream(plan.config().seed())), train, eval);
    return new DpResult(r, plan, privacy.spent(), privacy.history(), this);
  }

  /** Builds a {@link DpSgd}; σ can be given directly or solved for a target ε over a number of steps. */
  public static final class Builder {
    private double clipNorm = Double.NaN;
    private double noiseMultiplier = Double.NaN;
    private double sampleRate = Double.NaN;
    private double delta = Double.NaN;
    private double budget = NO_BUDGET;
    private double targetEpsilon = Double.NaN;
    private long targetSteps;

    private Builder() {}

    public Builder clipNorm(double c) {
      this.clipNorm = c;
      return this;
    }

    public Builder noiseMultiplier(double sigma) {
      this.noiseMultiplier = sigma;
      this.targetEpsilon = Double.NaN;
      return this;
    }

    /** σ becomes the smallest noise whose ε after {@code steps} steps is at most {@code epsilon}. */
    public Builder noiseFor(double epsilon, long steps) {
      this.targetEpsilon = epsilon;
      this.targetSteps = steps;
      this.noiseMultiplier = Double.NaN;
      return this;
    }

    public Builder sampleRate(double q) {
      this.sampleRate = q;
      return this;
    }

    /** q = batchSize / n, the usual way to state it. */
    public Builder sampleRate(int expectedBatchSize, int trainSize) {
      if (expectedBatchSize <= 0 || trainSize <= 0 || expectedBatchSize > trainSize) {
        throw new IllegalArgumentException("dp-sgd: expected batch size " + expectedBatchSize + " must be in 1.."
            + trainSize);
      }
      this.sampleRate = (double) expectedBatchSize / trainSize;
      return this;
    }

    public Builder delta(double d) {
      this.delta = d;
      return this;
    }

    public Builder budget(double epsilon) {
      this.budget = epsilon;
      return this;
    }

    public DpSgd build() {
      double sigma = noiseMultiplier;
      if (!Double.isNaN(targetEpsilon)) {
        PrivacyChecks.sampleRate("dp-sgd", sampleRate);
        PrivacyChecks.delta("dp-sgd", delta);
        sigma = NoiseCalibration.noiseFor(targetEpsilon, delta, sampleRate, targetSteps);
      }
      return new DpSgd(clipNorm, sigma, sampleRate, delta, budget);
    }
  }
}
