package org.probity.privacy.optim;

import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * DP² — differentially private adaptive optimisation with DELAYED preconditioners (Li, Zaheer,
 * Reddi, Smith, "Differentially Private Adaptive Optimization with Delayed Preconditioners", ICLR
 * 2023; official code {@code kenziyuliu/DP2}, {@code trainers/dp2_rmsprop.py} and
 * {@code dp2_adagrad.py}). Training alternates two phases of {@code s} steps each; step i is
 * adaptive iff {@code (i / s) mod 2 == 1}.
 * <ul>
 *   <li>DP-SGD phase: g̃ = privatize_{C1}(g_1..g_B); w ← w − η1·g̃; the noisy gradients are summed
 *       into G. On the phase's last step the preconditioner is refreshed from their AVERAGE:
 *       A ← γA + (1−γ)(G/count)² (RMSProp) or A ← A + (G/count)² (AdaGrad), and G is reset.</li>
 *   <li>Adaptive phase: each CLEAN example gradient is preconditioned, ĝ_i = g_i / (√A + ε_A), then
 *       g̃ = privatize_{C2}(ĝ_1..ĝ_B) with the second clip bound; w ← w − η2·g̃.</li>
 * </ul>
 * Why delay: a preconditioner built from one step's noisy gradient is mostly noise (its square is
 * dominated by σ²C²/B² on every coordinate); averaging s noisy gradients first shrinks the noise by
 * √s while the signal, which drifts slowly, survives — the paper's central point. Why precondition
 * before clipping: then the clip bound and the noise act on the rescaled coordinates, so
 * low-magnitude coordinates are no longer drowned by noise sized for the high-magnitude ones.
 * A is built only from earlier noisy releases (post-processing), and each step is one subsampled
 * Gaussian release with the same σ, so the privacy cost equals DP-SGD's with the same (q, σ, T).
 * The official trainers' L2 regulariser (default 0) is left out.
 */
public final class Dp2 implements PrivateOptimizer<Dp2.State> {
  /** How the preconditioner folds in each phase's averaged noisy gradient. */
  public enum Variant {
    /** A ← γA + (1−γ)·ḡ² (the paper's main variant, {@code dp2_rmsprop.py}). */
    RMSPROP,
    /** A ← A + ḡ² ({@code dp2_adagrad.py}). */
    ADAGRAD
  }

  /**
   * The hyper-parameters, named as in the paper and the official flags.
   *
   * @param variant RMSProp or AdaGrad accumulation
   * @param delay s (the official {@code --interval}): steps per phase, >= 1
   * @param clip1 C1, the DP-SGD phase's clip bound
   * @param clip2 C2, the adaptive phase's clip bound (on preconditioned gradients)
   * @param lr1 η1, the DP-SGD phase's learning rate
   * @param lr2 η2, the adaptive phase's learning rate
   * @param decay γ of the RMSProp variant (ignored by AdaGrad), in [0, 1)
   * @param epsA ε_A > 0 added to √A (keeps coordinates with A = 0 finite)
   * @param noiseMultiplier σ of every release
   * @param expectedBatchSize q·n (or the fixed batch size)
   */
  public record Config(Variant variant, int delay, double clip1, double clip2, double lr1, double lr2, double decay,
      double epsA, double noiseMultiplier, double expectedBatchSize) {
    public Config {
      if (variant == null) {
        throw new IllegalArgumentException("dp2: variant is null");
      }
      if (delay < 1) {
        throw new IllegalArgumentException("dp2: delay s must be >= 1, got " + delay);
      }
      positiveFinite("learning rate lr1", lr1);
      positiveFinite("learning rate lr2", lr2);
      if (!(decay >= 0 && decay < 1)) {
        throw new IllegalArgumentException("dp2: decay γ must be in [0, 1), got " + decay);
      }
      positiveFinite("epsA", epsA);
      // The two releases validate C, σ and the batch size.
      new Privatizer(clip1, noiseMultiplier, expectedBatchSize);
      new Privatizer(clip2, noiseMultiplier, expectedBatchSize);
    }

    private static void positiveFinite(String what, double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("dp2: " + what + " must be positive and finite, got " + v);
      }
    }
  }

  /**
   * The state between steps.
   *
   * @param step the number of steps taken (selects the phase and the noise stream)
   * @param preconditioner A (zeros until the first DP-SGD phase ends)
   * @param accumulator G, the sum of this DP-SGD phase's noisy gradients
   * @param count how many gradients G holds
   */
  public record State(long step, Params preconditioner, Params accumulator, int count) {}

  private static final String OP = "dp2";

  private final Config config;
  private final Privatizer sgdRelease;
  private final Privatizer adaptiveRelease;
  private final Rng noise;

  /** @param noise the root noise stream; step t's noise is DP-SGD's noise link's draw for step t */
  public Dp2(Config config, Rng noise) {
    if (config == null || noise == null) {
      throw new IllegalArgumentException("dp2: config and noise stream must not be null");
    }
    this.config = config;
    this.sgdRelease = new Privatizer(config.clip1(), config.noiseMultiplier(), config.expectedBatchSize());
    this.adaptiveRelease = sgdRelease.withClipNorm(config.clip2());
    this.noise = noise;
  }

  public Config config() {
    return config;
  }

  @Override
  public double noiseMultiplier() {
    return config.noiseMultiplier();
  }

  /** The official schedule: step i (0-based) is adaptive iff {@code (i / s) mod 2 == 1}. */
  public static boolean adaptive(long step, int delay) {
    return (step / delay) % 2 == 1;
  }

  /** True on the last step of a DP-SGD phase, where the preconditioner is refreshed. */
  public static boolean endsSgdPhase(long step, int delay) {
    return !adaptive(step, delay) && (step + 1) % delay == 0;
  }

  @Override
  public State init(Params params) {
    return new State(0, ParamMath.full(params, 0f), ParamMath.full(params, 0f), 0);
  }

  @Override
  public Update<State> update(PerExampleGradients grads, State state, Params params) {
    if (grads == null || state == null) {
      throw new IllegalArgumentException(OP + ": gradients and state must not be null");
    }
    ParamMath.sameLayout(OP, "state.preconditioner", state.preconditioner(), state.accumulator());
    long t = state.step();
    if (adaptive(t, config.delay())) {
      Params divisor = ParamMath.sqrtPlus(state.preconditioner(), config.epsA());
      Params g = adaptiveRelease.privatize(grads, divisor, noise, t);
      return new Update<>(ParamMath.scaled(g, -config.lr2()),
          new State(t + 1, state.preconditioner(), state.accumulator(), state.count()));
    }
    Params g = sgdRelease.privatize(grads, noise, t);
    Params acc = ParamMath.plus(state.accumulator(), g);
    int count = state.count() + 1;
    Params a = state.preconditioner();
    if (endsSgdPhase(t, config.delay())) {
      boolean rms = config.variant() == Variant.RMSPROP;
      a = ParamMath.accumulateSquaredMean(a, acc, count, rms ? config.decay() : 1.0, rms ? 1 - config.decay() : 1.0);
      acc = ParamMath.full(acc, 0f);
      count = 0;
    }
    return new Update<>(ParamMath.scaled(g, -config.lr1()), new State(t + 1, a, acc, count));
  }
}
