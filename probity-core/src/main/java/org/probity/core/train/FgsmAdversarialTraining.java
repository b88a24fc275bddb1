package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Objective;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * FGSM adversarial training (Goodfellow, Shlens and Szegedy, "Explaining and Harnessing Adversarial
 * Examples", ICLR 2015) as a {@link GradientOracle}: each example is also trained on
 * x + ε·sign(∇ₓ loss) with its original label, the fast-gradient-sign point that raises the loss
 * most to first order under an L∞ budget ε. Each example's loss is the mix
 * {@code w·loss(x) + (1 − w)·loss(x_fgsm)} before the objective reduces the batch; the paper's
 * w = 0.5 is the default, w = 0 trains on adversarial points only. It is the baseline RCAD (Setlur
 * et al., NeurIPS 2022; {@link Rcad}) contrasts itself with: both step along an adversarial
 * direction, but FGSM-AT enforces the label there while RCAD only lowers confidence. The
 * perturbation is held constant (no gradient through it) and the input is not clipped to a range.
 */
public final class FgsmAdversarialTraining implements GradientOracle {
  /**
   * The attack budget and the clean/adversarial mix.
   *
   * @param epsilon the L∞ step per input value, in the model's input units
   * @param cleanWeight w in [0, 1]: the clean loss's share of each example's loss (0.5 in the paper)
   */
  public record Config(double epsilon, double cleanWeight) {
    public Config {
      if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException("fgsm: epsilon must be a finite number >= 0, got " + epsilon);
      }
      if (!(cleanWeight >= 0 && cleanWeight <= 1)) {
        throw new IllegalArgumentException("fgsm: cleanWeight must be in [0, 1], got " + cleanWeight);
      }
    }
  }

  private final Config config;

  public FgsmAdversarialTraining(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("fgsm: config must not be null");
    }
    this.config = config;
  }

  /** FGSM-AT with budget {@code epsilon} and the paper's 50/50 mix of clean and adversarial loss. */
  public static FgsmAdversarialTraining of(double epsilon) {
    return new FgsmAdversarialTraining(new Config(epsilon, 0.5));
  }

  public Config config() {
    return config;
  }

  @Override
  public StepLoss compute(Module model, LossFunction loss, Objective objective, Batch batch) {
    if (batch.size() == 0) {
      return StepLoss.EMPTY;
    }
    double w = config.cleanWeight;
    Batch adv = w == 1 ? null : new Batch(adversarialPoints(model, loss, batch, config.epsilon), batch.labels(),
        batch.targets(), batch.groups(), batch.clients(), batch.indices());
    try (Tape tape = Tape.start()) {
      Tensor perExample;
      if (adv == null) {
        perExample = loss.perExample(model.forward(batch.x()), batch);
      } else {
        Tensor advLoss = loss.perExample(model.forward(adv.x()), adv);
        perExample = w == 0 ? advLoss
            : loss.perExample(model.forward(batch.x()), batch).mul((float) w).add(advLoss.mul((float) (1 - w)));
      }
      Tensor reduced = objective.reduce(perExample, batch);
      StepLoss r = StepLoss.of(reduced.item(), perExample.detach());
      if (r.finite()) {
        tape.backward(reduced);
      }
      return r;
    }
  }

  /** x + ε·sign(∇ₓ loss) for every example (detached); sign(0) = 0. Leaves the parameters without gradients. */
  public static Tensor adversarialPoints(Module model, LossFunction loss, Batch batch, double epsilon) {
    float[] g = InputGradients.of(model, loss, batch).data();
    float[] x = batch.x().data();
    float[] out = new float[x.length];
    float e = (float) epsilon;
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + e * Math.signum(g[i]);
    }
    return Tensor.wrap(out, batch.x().shape());
  }

  @Override
  public String toString() {
    return "fgsm(epsilon=" + config.epsilon + ", cleanWeight=" + config.cleanWeight + ")";
  }
}
