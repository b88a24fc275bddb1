package org.probity.federated;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.federated.privacy.UpdateClipping;
import org.probity.privacy.accountant.Guarantee;
import org.probity.privacy.accountant.MechanismStep;
import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.privacy.optim.DpTransforms;
import org.probity.privacy.optim.GaussianNoise;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Client-level DP-FedAvg with server-side fixed clipping (McMahan, Ramage, Talwar, Zhang, "Learning
 * Differentially Private Recurrent Language Models", ICLR 2018; Flower's
 * {@code DifferentialPrivacyServerSideFixedClipping}), as a decorator around any strategy with one
 * global model: each client's update Δ_k = w_k − w is clipped to L2 norm S, the clipped updates are
 * summed with uniform weights, N(0, σ²S²) is added and the sum divided by the EXPECTED cohort size
 * m = q·N (McMahan et al.'s fixed-denominator estimator, so one client moves the result by at most
 * S/m whoever else was sampled), and the wrapped strategy receives that single private mean update
 * as its only reply — FedAvg then applies it, FedAvgM/FedAdam treat it as their pseudo-gradient,
 * Ditto/MR-MTL/FineTune move their global model with it. Clients are sampled by the wrapped
 * strategy's sampler with rate q; an RDP accountant composes one subsampled Gaussian step (σ, q) per
 * round, exact for Poisson sampling ({@link ClientSampler#poisson}) and the usual approximation for
 * fixed-size cohorts (q = n/N). A round that samples nobody still adds the noise
 * ({@link #aggregateEmptyRound}). Each evaluated round reports "epsilon".
 *
 * <p>Trust model: the server is trusted (central DP); the guarantee covers each client's whole
 * data against anyone who sees the sequence of global models. Example-count weights are not used:
 * they would let a large client move the model by more than S/m. Strategies whose aggregation needs
 * each reply (FedMedian, q-FFL) or that keep no single global model (Local, IFCA) are refused.
 */
public final class DpFixedClipping extends Strategy implements PrivateStrategy {
  /** The evaluation metric with ε spent so far. */
  public static final String EPSILON_METRIC = "epsilon";

  private final Strategy inner;
  private final double noiseMultiplier;
  private final double clipNorm;
  private final double sampleRate;
  private final double delta;
  private RdpAccountant accountant = new RdpAccountant();
  private long rounds;
  private int poolSize = -1;
  private Rng roundNoise;
  private double[] lastNorms = new double[0];

  /**
   * @param noiseMultiplier σ >= 0 (0: clipping only, no guarantee)
   * @param clipNorm S > 0; infinite only with σ = 0
   * @param sampleRate q in (0, 1], the rate at which the wrapped strategy samples clients
   * @param delta δ in (0, 1)
   */
  public DpFixedClipping(Strategy inner, double noiseMultiplier, double clipNorm, double sampleRate, double delta) {
    super(ClientSampler.all(), ClientSampler.all());
    String op = "dp-fedavg";
    if (inner == null) {
      throw new IllegalArgumentException(op + ": the strategy to wrap is required");
    }
    if (inner instanceof PrivateStrategy) {
      throw new IllegalArgumentException(op + ": " + inner.name() + " is already private; wrap the base strategy");
    }
    if (!inner.hasGlobalModel()) {
      throw new IllegalArgumentException(op + ": client-level DP privatises one global model, and " + inner.name()
          + " keeps none (Local and IFCA do not)");
    }
    if (inner instanceof FedMedian || inner instanceof QFfl) {
      throw new IllegalArgumentException(op + ": " + inner.name() + " aggregates the individual replies, but this"
          + " decorator hands the strategy one private mean update; use FedAvg, FedProx, FedOpt, Ditto, MR-MTL or"
          + " FineTune");
    }
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException(op + ": noise multiplier σ must be a finite number >= 0, got "
          + noiseMultiplier);
    }
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException(op + ": clip norm S must be > 0, got " + clipNorm);
    }
    if (Double.isInfinite(clipNorm) && noiseMultiplier > 0) {
      throw new IllegalArgumentException(op + ": an infinite clip norm needs σ = 0 (the noise std σ·S would be"
          + " infinite)");
    }
    PrivacyChecks.sampleRate(op, sampleRate);
    PrivacyChecks.delta(op, delta);
    this.inner = inner;
    this.noiseMultiplier = noiseMultiplier;
    this.clipNorm = clipNorm;
    this.sampleRate = sampleRate;
    this.delta = delta;
  }

  @Override
  public Strategy inner() {
    return inner;
  }

  @Override
  public String level() {
    return "client";
  }

  @Override
  public double delta() {
    return delta;
  }

  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  public double clipNorm() {
    return clipNorm;
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** Rounds accounted so far. */
  public long rounds() {
    return rounds;
  }

  /** (ε, δ) spent so far: 0 before the first round, +∞ after rounds without noise. */
  public PrivacySpent spent() {
    if (rounds == 0) {
      return new PrivacySpent(0, delta, Double.NaN);
    }
    if (noiseMultiplier == 0) {
      return new PrivacySpent(Double.POSITIVE_INFINITY, delta, Double.NaN);
    }
    return accountant.spent(delta);
  }

  @Override
  public double epsilon() {
    return spent().epsilon();
  }

  /** The rounds so far as one homogeneous run of subsampled Gaussian releases. */
  public MechanismStep mechanismStep() {
    return new MechanismStep(noiseMultiplier, sampleRate, rounds);
  }

  /** "(ε=…, δ=…)-DP for each client's whole data, by RDP accounting of R subsampled Gaussian rounds, q=…, σ=…". */
  public String guarantee() {
    if (noiseMultiplier == 0) {
      return "no guarantee for each client's whole data: σ=0 adds no noise (ε=∞)";
    }
    return Guarantee.sentence(spent(), "each client's whole data", rounds, "rounds", sampleRate, noiseMultiplier);
  }

  /** The update norms ‖Δ_k‖ before clipping in the last aggregated round, by reply (sorted by client id). */
  public double[] lastUpdateNorms() {
    return lastNorms.clone();
  }

  /** m = q·N, the expected cohort the noisy sum is divided by. */
  public double expectedCohort() {
    if (poolSize < 1) {
      throw new IllegalStateException("dp-fedavg: the client pool is not known yet (no round has started)");
    }
    return sampleRate * poolSize;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void checkPool(int[] pool) {
    poolSize = pool.length;
    inner.checkPool(pool);
  }

  @Override
  public void initialize(Params initial) {
    accountant = new RdpAccountant();
    rounds = 0;
    lastNorms = new double[0];
    inner.initialize(initial);
  }

  @Override
  public boolean hasGlobalModel() {
    return true;
  }

  @Override
  public boolean communicates() {
    return inner.communicates();
  }

  @Override
  public List<FitInstruction> configureFit(int round, Params global, int[] pool, Rng rng) {
    poolSize = pool.length;
    // The round's own stream: the noise repeats with the federation's seed, whatever the threads.
    roundNoise = rng.derive("dp-fixed-clipping-noise");
    return inner.configureFit(round, global, pool, rng);
  }

  @Override
  public List<EvaluateInstruction> configureEvaluate(int round, Params global, int[] pool, Rng rng) {
    return inner.configureEvaluate(round, global, pool, rng);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    int n = global.count();
    double[] sum = new double[n];
    double[] norms = new double[replies.size()];
    for (int k = 0; k < replies.size(); k++) {
      FitReply r = replies.get(k);
      Params update = ParamMath.sub(r.params(), global);
      norms[k] = UpdateClipping.norm(update);
      float[] c = UpdateClipping.clip(update, clipNorm).flatten().data();
      for (int i = 0; i < n; i++) {
        sum[i] += c[i];
      }
    }
    lastNorms = norms;
    return release(round, global, sum, replies.isEmpty() ? -1 : replies.get(0).clientId());
  }

  /** No client was sampled: the release is the noise alone, as the accountant assumes. */
  @Override
  public Params aggregateEmptyRound(int round, Params global) {
    lastNorms = new double[0];
    return release(round, global, new double[global.count()], -1);
  }

  /** (Σ clip(Δ_k) + N(0, σ²S²)) / m, handed to the wrapped strategy as one reply w + that. */
  private Params release(int round, Params global, double[] sum, int replyId) {
    if (roundNoise == null) {
      throw new IllegalStateException("dp-fedavg: round " + round + " was aggregated before it was configured");
    }
    float[] s = new float[sum.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) sum[i];
    }
    Params summed = global.unflatten(Tensor.vector(s));
    Params mean = DpTransforms.gaussianNoise(noiseMultiplier, clipNorm, expectedCohort(), roundNoise)
        .update(summed, new GaussianNoise.State(0), global).updates();
    Params next = ParamMath.weightedSum(List.of(global, mean), new double[] {1, 1});
    if (noiseMultiplier > 0) {
      accountant.step(noiseMultiplier, sampleRate, 1);
    }
    rounds++;
    roundNoise = null;
    return inner.aggregateFit(round, global, List.of(new FitReply(replyId, next, 1, Map.of())));
  }

  @Override
  protected List<EvaluateReply> selectEvaluations(int round, List<EvaluateReply> replies) {
    return inner.selectEvaluations(round, replies);
  }

  @Override
  public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
    Map<String, Double> out = new TreeMap<>(inner.aggregateEvaluate(round, replies));
    out.put(EPSILON_METRIC, epsilon());
    return out;
  }
}
