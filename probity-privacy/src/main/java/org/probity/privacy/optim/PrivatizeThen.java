package org.probity.privacy.optim;

import java.util.List;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The non-delayed baselines of the DP² paper (Li, Zaheer, Reddi, Smith, ICLR 2023) on materialised
 * per-example gradients: the clipped sum ({@link Privatizer#clippedSum}, no preconditioner) fed to
 * DP-SGD's own chain, {@link DpTransforms#privatized} — Gaussian noise, division by the expected
 * batch size, then any core optimiser. With plain SGD this is DP-SGD; with RMSProp's rescaling it
 * is the paper's DP-RMSProp baseline (official {@code trainers/dp_rmsprop.py}), whose
 * preconditioner is updated from the NOISY gradient at every step and applied after privatisation
 * — post-processing, so free in privacy, but its second-moment estimate is dominated by the noise,
 * which is what DP² fixes. Its noise at step t is the draw {@link Dp2} and {@link AdaDps} make from
 * the same root stream, so the three can be compared on one noise sequence.
 */
public final class PrivatizeThen implements PrivateOptimizer<PrivatizeThen.State> {
  /** Steps taken and the private chain's state. */
  public record State(long step, List<Object> inner) {}

  private final Privatizer release;
  private final GradientTransform<List<Object>> chain;

  public PrivatizeThen(Privatizer release, GradientTransform<?> then, Rng noise) {
    if (release == null || then == null || noise == null) {
      throw new IllegalArgumentException("privatizeThen: release, optimiser and noise stream must not be null");
    }
    this.release = release;
    this.chain = DpTransforms.privatized(then, release.noiseMultiplier(), release.clipNorm(),
        release.expectedBatchSize(), noise);
  }

  /** DP-SGD: w ← w − lr · g̃. */
  public static PrivatizeThen dpSgd(Privatizer release, double lr, Rng noise) {
    return new PrivatizeThen(release, Optimizers.sgd(lr), noise);
  }

  /**
   * DP-RMSProp as the official baseline: v ← γv + (1−γ)g̃², w ← w − lr · g̃ / (√v + eps) (eps outside
   * the root, as {@code dp_rmsprop.py}; core's {@code Optimizers.rmsprop} puts it inside).
   */
  public static PrivatizeThen dpRmsProp(Privatizer release, double lr, double decay, double eps, Rng noise) {
    return new PrivatizeThen(release, Transforms.chain(Transforms.scaleByRms(decay, eps, 0.0, false),
        Transforms.scaleByLearningRate(lr)), noise);
  }

  public Privatizer release() {
    return release;
  }

  @Override
  public double noiseMultiplier() {
    return release.noiseMultiplier();
  }

  @Override
  public State init(Params params) {
    return new State(0, chain.init(params));
  }

  @Override
  public Update<State> update(PerExampleGradients grads, State state, Params params) {
    if (grads == null || state == null) {
      throw new IllegalArgumentException("privatizeThen: gradients and state must not be null");
    }
    Update<List<Object>> u = chain.update(release.clippedSum(grads, null), state.inner(), params);
    return new Update<>(u.updates(), new State(state.step() + 1, u.state()));
  }
}
