package org.probity.federated.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.optim.GradientTransform;
import org.probity.core.train.BatchSource;
import org.probity.privacy.optim.ClippedGradient;
import org.probity.privacy.optim.DpTransforms;
import org.probity.privacy.optim.GaussianNoise;
import org.probity.privacy.optim.PerExampleGradients;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The DP-SGD steps of one local training of a silo (Abadi et al. 2016, as MR-MTL's silos run it:
 * Liu, Hu, Wu, Smith, NeurIPS 2022): the batch of each step — a Poisson sample at rate q, or the
 * non-private client's shuffled batch ({@link Batching}) — and its privatised gradient: per-example
 * gradients of the whole local objective clipped to C and summed, plus N(0, σ²C²), divided by the
 * expected batch size q·n (Poisson; the fixed sensitivity the accountant assumes) or by the batch's
 * own size (shuffled, where the size is not data-dependent). The optimiser then steps on that noisy
 * mean exactly as it steps on the clean mean without privacy, so σ = 0 with C = ∞ and shuffled
 * batches reproduces the non-private client up to float rounding.
 *
 * <p>Without a proximal term and with every parameter trainable, the clipped sum comes from P2's
 * {@link ClippedGradient}, which needs only per-example norms; with one (FedProx, Ditto's personal
 * model, MR-MTL) or with frozen parameters (last-layer fine-tuning) the per-example gradients are
 * materialised and clipped with the term included ({@link ProximalClipping}). Each training has its
 * own noise and sampling streams ({@code purpose}), so Ditto's two trainings in one round never
 * share noise. Every step is charged to the silo's {@link SiloBudget}.
 */
public final class PrivateLocalSteps {
  private final SiloBudget budget;
  private final SiloLedger at;
  private final Rng noise;
  private final Rng poisson;
  private final ClippedGradient oracle;
  private final GradientTransform<GaussianNoise.State> poissonNoise;
  private long step;

  PrivateLocalSteps(SiloBudget budget, Rng rng, String purpose) {
    this.budget = budget;
    this.at = budget.ledger();
    this.noise = rng.derive("dp-noise").derive(purpose);
    this.poisson = rng.derive("dp-poisson").derive(purpose);
    this.oracle = new ClippedGradient(at.clipNorm());
    this.poissonNoise = DpTransforms.gaussianNoise(at.noiseMultiplier(), at.clipNorm(),
        at.sampleRate() * at.trainSize(), noise);
  }

  public Batching batching() {
    return budget.settings().batching();
  }

  /** Steps per epoch: ⌈n / min(B, n)⌉. */
  public int stepsPerEpoch() {
    return SiloBudget.stepsPerEpoch(at.trainSize(), budget.batchSize());
  }

  /** Step {@code step} of epoch {@code epoch}'s Poisson batch (rows drawn independently at rate q). */
  public Batch poissonBatch(Dataset data, int epoch, int step) {
    return BatchSource.poisson(data, at.sampleRate(), poisson.derive(epoch)).next(step, null);
  }

  /** The steps taken by this training. */
  public long taken() {
    return step;
  }

  /**
   * The privatised mean gradient of {@code batch} for the parameters of {@code model} (which must
   * hold no gradients; none are left behind): Σ_i clip_C(∇ℓ_i + λ(w − anchor)) + N(0, σ²C²), over
   * the divisor, zero outside {@code trainable} (all parameters when null).
   */
  public Params gradient(Module model, LossFunction loss, Batch batch, Params anchor, double lambda,
      Set<String> trainable) {
    budget.charge();
    Params params = model.params();
    Params sum;
    if (batch.size() == 0) {
      sum = zerosLike(params); // a Poisson draw may be empty: the step releases noise alone
    } else if (!(lambda > 0) && trainable == null) {
      oracle.compute(model, loss, Mean.INSTANCE, batch);
      sum = params.grads();
    } else {
      PerExampleGradients g = PerExampleGradients.compute(params,
          () -> loss.perExample(model.forward(batch.x()), batch));
      sum = ProximalClipping.clippedSum(g, params, anchor, lambda, trainable, at.clipNorm());
    }
    GradientTransform<GaussianNoise.State> link = batching() == Batching.POISSON ? poissonNoise
        : DpTransforms.gaussianNoise(at.noiseMultiplier(), at.clipNorm(), batch.size(), noise);
    Params noisy = link.update(sum, new GaussianNoise.State(step), params).updates();
    step++;
    params.zeroGrad();
    return trainable == null ? noisy : frozenZero(noisy, trainable);
  }

  private static Params zerosLike(Params p) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : p.byName().entrySet()) {
      out.put(e.getKey(), Tensor.zeros(e.getValue().shape()));
    }
    return new Params(out);
  }

  /** Frozen parameters do not move: the noise the link drew for them is dropped (nothing is released there). */
  private static Params frozenZero(Params g, Set<String> trainable) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : g.byName().entrySet()) {
      out.put(e.getKey(), trainable.contains(e.getKey()) ? e.getValue() : Tensor.zeros(e.getValue().shape()));
    }
    return new Params(out);
  }
}
