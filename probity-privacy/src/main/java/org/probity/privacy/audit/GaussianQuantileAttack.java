package org.probity.privacy.audit;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.privacy.accountant.analysis.StandardNormal;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The quantile-regression membership attack with a Gaussian head, as the official code of Bertran
 * et al. ("Scalable Membership Inference Attacks via Quantile Regression", NeurIPS 2023,
 * amazon-science/quantile-mia) and of Thaker, Kale, Wu, Smith ("Membership Inference Attacks for
 * Unseen Classes", 2025, neilkale/qmia-unseen-classes) runs it: a small MLP g(x) → (μ(x), log σ(x))
 * is trained on the attacker's public non-member data with the Gaussian negative log-likelihood
 * ({@link GaussianNllLoss}) to model the target's score on non-members as N(μ(x), σ(x)²), and a
 * query scores z = (s(x) − μ(x)) / σ(x). Thresholding z at Φ⁻¹(1 − α) is thresholding s at the
 * per-example quantile μ(x) + σ(x)·Φ⁻¹(1 − α), so one model serves every false-positive rate,
 * where the pinball form ({@link QuantileRegressionAttack}) fits one level. The score defaults to
 * the true-label margin z_y − max_{k≠y} z_k (the code's {@code true_margin}; its scripts' default
 * {@code top_two_margin} is label-free). The score is standardised before regression so one
 * learning rate fits every target; z is unchanged by that affine map.
 */
public final class GaussianQuantileAttack implements MembershipAttack {
  /** The target statistic the head models; each reads higher for members. */
  public enum Score {
    /** z_y − max_{k≠y} z_k: the true-label margin (negative when the target errs). */
    TRUE_MARGIN,
    /** z_(1) − z_(2): the label-free top-two margin. */
    TOP_TWO_MARGIN,
    /** φ = log(p_y / (1 − p_y)). */
    LOGIT_CONFIDENCE
  }

  /**
   * @param hidden hidden widths of the head's MLP (empty: linear)
   * @param epochs training epochs
   * @param batchSize minibatch size
   * @param learningRate AdamW learning rate
   * @param weightDecay AdamW weight decay
   * @param score the target statistic to model
   */
  public record Config(List<Integer> hidden, int epochs, int batchSize, double learningRate, double weightDecay,
      Score score) {
    public Config {
      hidden = hidden == null ? List.of() : List.copyOf(hidden);
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0) || score == null) {
        throw new IllegalArgumentException("gaussian quantile attack: epochs, batch size and learning rate must be"
            + " positive, weight decay non-negative and a score given; got epochs " + epochs + ", batch " + batchSize
            + ", lr " + learningRate + ", weight decay " + weightDecay + ", score " + score);
      }
    }

    /** An MLP [64, 32] on the true-label margin, 40 epochs, batch 64, lr 1e-3, weight decay 1e-4. */
    public static Config defaults() {
      return new Config(List.of(64, 32), 40, 64, 1e-3, 1e-4, Score.TRUE_MARGIN);
    }
  }

  /** log σ is clamped here when scoring, so a head that collapsed on a few examples stays finite. */
  private static final double MIN_LOG_STD = -10;

  private final Config config;
  private final Module head;
  private final double center;
  private final double scale;

  private GaussianQuantileAttack(Config config, Module head, double center, double scale) {
    this.config = config;
    this.head = head;
    this.center = center;
    this.scale = scale;
  }

  /** Trains the head on {@code publicNonMembers}, labelled examples the target did not train on. */
  public static GaussianQuantileAttack fit(Module target, Dataset publicNonMembers, Config config, Rng rng) {
    return fitOnScores(publicNonMembers.features(), scores(target, publicNonMembers, config.score()), config, rng);
  }

  /**
   * Trains the head to model {@code s[i]}, the statistic of example i of {@code features} ([n, ...]),
   * as a Gaussian of the example: the regression alone, for scores computed elsewhere.
   */
  public static GaussianQuantileAttack fitOnScores(Tensor features, double[] s, Config config, Rng rng) {
    // Targets (standardised score, 0): the loss reads the first column; the second only pads the
    // targets to the head's two outputs for the trainer's end-of-run evaluation.
    ScoreRegression r = ScoreRegression.fit("gaussian quantile attack", features, s, 2, config.hidden(),
        config.epochs(), config.batchSize(), config.learningRate(), config.weightDecay(), GaussianNllLoss.INSTANCE,
        rng.derive("head"), rng.derive("trainer"));
    return new GaussianQuantileAttack(config, r.head(), r.center(), r.scale());
  }

  /** The target's statistic {@code score} on the labelled examples of {@code data}. */
  public static double[] scores(Module target, Dataset data, Score score) {
    MembershipScores m = MembershipScores.of(target, data); // checks labels and classes
    switch (score) {
      case TOP_TWO_MARGIN:
        return m.margin().clone();
      case LOGIT_CONFIDENCE:
        return m.logitConfidence().clone();
      case TRUE_MARGIN:
        return trueMargin(Evaluator.outputs(target, data).data(), data.labels());
      default:
        throw new IllegalStateException("gaussian quantile attack: unknown score " + score);
    }
  }

  /** z_y − max_{k≠y} z_k of row-major logits; one column is a binary logistic logit (logits 0 and z). */
  static double[] trueMargin(float[] logits, int[] labels) {
    int n = labels.length;
    int cols = logits.length / n;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      if (cols == 1) {
        double z = logits[i];
        out[i] = y == 1 ? z : -z;
        continue;
      }
      double other = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < cols; k++) {
        if (k != y && logits[i * cols + k] > other) {
          other = logits[i * cols + k];
        }
      }
      out[i] = logits[i * cols + y] - other;
    }
    return out;
  }

  /** (μ(x), σ(x)) per example of {@code features}, in the score's units: {@code [0]} means, {@code [1]} stds. */
  public double[][] predict(Tensor features) {
    int n = features.dim(0);
    float[] out = Evaluator.outputs(head, Dataset.regression("gaussian-quantile-queries", features.detach(),
        Tensor.zeros(n, 2))).data();
    if (out.length != 2 * n) {
      throw new IllegalStateException("gaussian quantile attack: the head returned " + out.length + " values for "
          + n + " examples, expected " + 2 * n);
    }
    double[] mu = new double[n];
    double[] sigma = new double[n];
    for (int i = 0; i < n; i++) {
      mu[i] = center + scale * out[2 * i];
      sigma[i] = scale * Math.exp(Math.max(MIN_LOG_STD, out[2 * i + 1]));
    }
    return new double[][] {mu, sigma};
  }

  /** The per-example threshold μ(x) + σ(x)·Φ⁻¹(1 − α) on the score at false-positive rate α. */
  public double[] threshold(Tensor features, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("gaussian quantile attack: false-positive rate must be in (0, 1), got "
          + alpha);
    }
    double q = StandardNormal.inverseCdf(1 - alpha);
    double[][] p = predict(features);
    double[] t = new double[p[0].length];
    for (int i = 0; i < t.length; i++) {
      t[i] = p[0][i] + p[1][i] * q;
    }
    return t;
  }

  @Override
  public double[] score(Module target, Dataset queries) {
    double[] s = scores(target, queries, config.score());
    double[][] p = predict(queries.features());
    for (int i = 0; i < s.length; i++) {
      s[i] = (s[i] - p[0][i]) / p[1][i];
    }
    return s;
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "quantile-gaussian(" + config.score().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
