package org.probity.privacy.audit;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.privacy.audit.MembershipScores.Statistic;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * The quantile-regression membership attack (Bertran, Tang, Roth, Kearns, Morgenstern, Wu,
 * "Scalable Membership Inference Attacks via Quantile Regression", NeurIPS 2023), as the
 * mia-unseen paper applies it to classes the attacker has no data for (Thaker, Kale, Wu, Smith
 * 2025). A small regression model q̂(x) is trained on the attacker's public non-member data, with
 * the pinball loss at level τ, to predict the τ-quantile of the target's statistic (φ by default)
 * on non-members from the input alone; a query scores s(x) − q̂(x), so thresholding at 0 has false
 * positive rate ≈ 1 − τ. It trains one model, no shadow models, and since q̂ reads only x it
 * extrapolates to inputs of classes that were absent from its training data, where shadow models
 * have nothing to say. The statistic is standardised before regression so one learning rate fits
 * every target.
 */
public final class QuantileRegressionAttack implements MembershipAttack {
  /**
   * @param hidden hidden widths of the regression MLP (empty: linear)
   * @param tau quantile level in (0, 1), e.g. 0.95
   * @param epochs training epochs
   * @param batchSize minibatch size
   * @param learningRate AdamW learning rate
   * @param weightDecay AdamW weight decay
   * @param statistic the target statistic to regress
   */
  public record Config(List<Integer> hidden, double tau, int epochs, int batchSize, double learningRate,
      double weightDecay, Statistic statistic) {
    public Config {
      hidden = hidden == null ? List.of() : List.copyOf(hidden);
      new PinballLoss(tau); // validates the level with the loss's own message
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0) || statistic == null) {
        throw new IllegalArgumentException("quantile attack: epochs, batch size and learning rate must be positive,"
            + " weight decay non-negative and a statistic given; got epochs " + epochs + ", batch " + batchSize
            + ", lr " + learningRate + ", weight decay " + weightDecay + ", statistic " + statistic);
      }
    }

    /** An MLP [64, 32] at τ = 0.95 on φ, 40 epochs, batch 64, lr 1e-3, weight decay 1e-4. */
    public static Config defaults() {
      return new Config(List.of(64, 32), 0.95, 40, 64, 1e-3, 1e-4, Statistic.LOGIT_CONFIDENCE);
    }
  }

  private final Config config;
  private final Module regressor;
  private final double center;
  private final double scale;

  private QuantileRegressionAttack(Config config, Module regressor, double center, double scale) {
    this.config = config;
    this.regressor = regressor;
    this.center = center;
    this.scale = scale;
  }

  /** Trains q̂ on {@code publicNonMembers}, labelled examples the target did not train on. */
  public static QuantileRegressionAttack fit(Module target, Dataset publicNonMembers, Config config, Rng rng) {
    if (publicNonMembers.size() < 2) {
      throw new IllegalArgumentException("quantile attack: public data '" + publicNonMembers.name()
          + "' needs at least 2 examples, got " + publicNonMembers.size());
    }
    double[] s = MembershipScores.of(target, publicNonMembers).get(config.statistic());
    ScoreRegression r = ScoreRegression.fit("quantile attack", publicNonMembers.features(), s, 1, config.hidden(),
        config.epochs(), config.batchSize(), config.learningRate(), config.weightDecay(), new PinballLoss(config.tau()),
        rng.derive("regressor"), rng.derive("trainer"));
    return new QuantileRegressionAttack(config, r.head(), r.center(), r.scale());
  }

  /** q̂(x) per example of {@code data}, in the statistic's units. */
  public double[] predictQuantile(Dataset data) {
    float[] out = Evaluator.outputs(regressor, data).data();
    if (out.length != data.size()) {
      throw new IllegalStateException("quantile attack: the regressor returned " + out.length + " values for "
          + data.size() + " examples");
    }
    double[] q = new double[out.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = center + scale * out[i];
    }
    return q;
  }

  @Override
  public double[] score(Module target, Dataset queries) {
    double[] s = MembershipScores.of(target, queries).get(config.statistic());
    double[] q = predictQuantile(queries);
    for (int i = 0; i < s.length; i++) {
      s[i] -= q[i];
    }
    return s;
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "quantile(tau=" + config.tau() + ")";
  }
}
