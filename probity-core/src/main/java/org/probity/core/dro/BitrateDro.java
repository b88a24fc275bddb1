package org.probity.core.dro;

import java.util.List;

import org.probity.core.data.Batch;
import org.probity.core.objective.Objective;
import org.probity.core.objective.WeightedReduction;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Bitrate-Constrained DRO (BR-DRO; Setlur, Dennis, Eysenbach, Raghunathan, Finn, Smith and Levine,
 * "Bitrate-Constrained DRO: Beyond Worst Case Robustness To Unknown Group Shifts", ICLR 2023): the
 * game {@code min_θ max_η E[η(x,y) · l_θ(x,y)] / E[η]} in which the adversary η: X×Y → [0, 1] picks
 * a subpopulation of mass α, like CVaR-DRO, but must describe it with a low-bitrate function — a
 * {@link VibAdversary} whose KL from the prior is penalised by γ — so it can up-weight a simple
 * group ("spurious attribute disagrees with the label") but not a scatter of randomly mislabeled
 * points, which CVaR-DRO chases. No group labels are used.
 *
 * <p>The two players alternate, one round per training step, so BR-DRO plugs into the ordinary
 * {@code Trainer} as its {@link Objective}: {@link #reduce} first takes {@link Config#adversarySteps()}
 * Adam ascent steps for the adversary on the batch's detached losses, maximising
 * {@code Σ η_i l_i / Σ η_i − γ · mean KL_i} with reparameterised η, then returns the learner's risk
 * {@code Σ η̄_i l_i / Σ η̄_i} with the adversary's expected weights η̄ held fixed. The mass
 * constraint E[η] = α is met exactly on every batch: η = sigmoid(a − τ) for the adversary's logits a
 * and the batch-level shift τ that makes mean η = α (found by bisection, held constant in the
 * gradient), which keeps the adversary from shrinking onto a handful of top-loss points as a soft
 * penalty allows. The adversary sees the batch's raw features and labels; its noise comes from this
 * object's Rng. The instance holds the adversary and its optimiser state for one run: use a fresh
 * one per run; {@code reduce} is synchronized.
 *
 * <p>There is no official code: the normalised weighted loss, the exact mass calibration by a
 * shift, the Adam adversary, one adversary step per learner step and the probit-approximated
 * expected weights for the learner are our reconstruction of the paper's description, not its
 * implementation.
 */
public final class BitrateDro implements Objective {
  /**
   * BR-DRO's settings.
   *
   * @param alpha the adversary's mass E[η], in (0, 1] (1: every weight is 1, plain ERM)
   * @param gamma the bitrate (KL) penalty γ, ≥ 0
   * @param zDim the bottleneck dimension, ≥ 1
   * @param adversaryLr the adversary's Adam learning rate, > 0
   * @param adversarySteps adversary ascent steps per learner step, ≥ 1
   */
  public record Config(double alpha, double gamma, int zDim, double adversaryLr, int adversarySteps) {
    public Config {
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("bitrateDro: alpha must be in (0, 1], got " + alpha);
      }
      if (!(gamma >= 0) || !Double.isFinite(gamma)) {
        throw new IllegalArgumentException("bitrateDro: gamma must be a finite number >= 0, got " + gamma);
      }
      if (zDim < 1) {
        throw new IllegalArgumentException("bitrateDro: zDim must be >= 1, got " + zDim);
      }
      if (!(adversaryLr > 0) || !Double.isFinite(adversaryLr)) {
        throw new IllegalArgumentException("bitrateDro: adversaryLr must be a finite number > 0, got " + adversaryLr);
      }
      if (adversarySteps < 1) {
        throw new IllegalArgumentException("bitrateDro: adversarySteps must be >= 1, got " + adversarySteps);
      }
    }

    /** α and γ with the defaults: z-dim 2, adversary learning rate 0.01, one adversary step. */
    public static Config of(double alpha, double gamma) {
      return new Config(alpha, gamma, 2, 0.01, 1);
    }

    public Config withZDim(int d) {
      return new Config(alpha, gamma, d, adversaryLr, adversarySteps);
    }

    public Config withAdversaryLr(double lr) {
      return new Config(alpha, gamma, zDim, lr, adversarySteps);
    }

    public Config withAdversarySteps(int k) {
      return new Config(alpha, gamma, zDim, adversaryLr, k);
    }
  }

  /**
   * What the last round measured: the adversary's weighted loss and mean KL before its step, and the
   * learner's risk with the expected weights (whose mean is α).
   */
  public record Round(double weightedLoss, double meanKl, double learnerRisk) {}

  private final Config config;
  private final VibAdversary adversary;
  private final GradientTransform<List<Object>> optimizer;
  private final Rng noise;
  private List<Object> optState;
  private long rounds;
  private Round last;

  /**
   * @param config the settings
   * @param inFeatures features per example of the data the learner trains on
   * @param numClasses labels of that data
   * @param rng the stream for the adversary's initialisation ({@code derive("init")}) and its
   *     reparameterisation noise ({@code derive("noise")}, then the round number)
   */
  public BitrateDro(Config config, int inFeatures, int numClasses, Rng rng) {
    if (config == null || rng == null) {
      throw new IllegalArgumentException("bitrateDro: config and rng are required");
    }
    this.config = config;
    // The shift sets the mass, so the heads' biases only need a neutral start.
    this.adversary = new VibAdversary(inFeatures, config.zDim(), numClasses, 0.5, rng.derive("init"));
    this.optimizer = Optimizers.adam(config.adversaryLr());
    this.optState = optimizer.init(adversary.params());
    this.noise = rng.derive("noise");
  }

  public Config config() {
    return config;
  }

  public VibAdversary adversary() {
    return adversary;
  }

  /** The last round's figures, or null before the first. */
  public synchronized Round lastRound() {
    return last;
  }

  /**
   * The learner's weights η = sigmoid(a − τ) for the adversary's expected logits on these examples,
   * with the shift τ that makes their mean α; no gradient, values in [0, 1].
   */
  public float[] weights(Tensor x, int[] labels) {
    return calibrated(adversary.expectedLogits(x, labels), config.alpha());
  }

  @Override
  public synchronized Tensor reduce(Tensor perExampleLoss, Batch batch) {
    double[] l = DroReduction.losses(name(), perExampleLoss);
    if (batch == null || batch.labels() == null) {
      throw new IllegalArgumentException(name() + ": the adversary is conditioned on the label, but the batch"
          + " has none");
    }
    if (batch.size() != l.length) {
      throw new IllegalArgumentException(name() + ": " + l.length + " losses for a batch of " + batch.size());
    }
    Tensor x = batch.x().detach();
    int[] y = batch.labels();
    Tensor losses = perExampleLoss.detach();
    double[] first = null;
    for (int k = 0; k < config.adversarySteps(); k++) {
      double[] terms = adversaryStep(x, y, losses);
      if (first == null) {
        first = terms;
      }
    }
    float[] eta = weights(x, y);
    double total = 0;
    for (float e : eta) {
      total += e;
    }
    double[] w = new double[l.length];
    double value = 0;
    for (int i = 0; i < l.length; i++) {
      w[i] = eta[i] / total;
      value += w[i] * l[i];
    }
    last = new Round(first[0], first[1], value);
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  /** One Adam ascent step of the adversary on its own tape; returns (weighted loss, mean KL) before it. */
  @SuppressWarnings("try") // the NoGrad scope is used only for its effect
  private double[] adversaryStep(Tensor x, int[] y, Tensor losses) {
    Params params = adversary.params();
    double[] terms = new double[2];
    try (Tape tape = Tape.start()) {
      Tensor logits = adversary.sampleLogits(x, y, noise.derive(rounds++));
      float tau = (float) shift(logits.data(), config.alpha());
      Tensor eta = logits.sub(tau).sigmoid();
      Tensor weighted = eta.mul(losses).sum().div(eta.sum().add(1e-12f));
      Tensor kl = adversary.kl(x).mean();
      Tensor objective = weighted.neg().add(kl.mul((float) config.gamma()));
      terms[0] = weighted.item();
      terms[1] = kl.item();
      tape.backward(objective);
    }
    try (NoGrad ignored = NoGrad.enter()) {
      Update<List<Object>> u = optimizer.update(params.grads(), optState, params);
      optState = u.state();
      Transforms.applyUpdates(params, u.updates());
    }
    params.zeroGrad();
    return terms;
  }

  /** sigmoid(a − τ) with τ = {@link #shift}: weights in [0, 1] with mean α (all 1 when α = 1). */
  static float[] calibrated(float[] logits, double alpha) {
    double tau = shift(logits, alpha);
    float[] out = new float[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = alpha >= 1 ? 1f : (float) sigmoid(logits[i] - tau);
    }
    return out;
  }

  /**
   * The τ with {@code mean_i sigmoid(a_i − τ) = α}, by bisection (the mean falls monotonically in τ);
   * −∞ stands in as a very negative number when α = 1.
   */
  static double shift(float[] a, double alpha) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float v : a) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (alpha >= 1) {
      return lo - 50;
    }
    // At τ = min a − L every term exceeds sigmoid(L) ≥ α; at τ = max a + L every term is below α.
    double logit = Math.log(alpha / (1 - alpha));
    lo = lo - Math.abs(logit) - 1;
    hi = hi + Math.abs(logit) + 1;
    for (int it = 0; it < 60; it++) {
      double mid = 0.5 * (lo + hi);
      double m = 0;
      for (float v : a) {
        m += sigmoid(v - mid);
      }
      if (m / a.length > alpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  @Override
  public String name() {
    return "bitrateDro(alpha=" + DroReduction.format(config.alpha()) + ",gamma="
        + DroReduction.format(config.gamma()) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
