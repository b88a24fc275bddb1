package org.probity.core.train;

import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Objective;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * RCAD, "Reducing Confidence along Adversarial Directions" (Setlur, Eysenbach, Smith and Levine,
 * "Adversarial Unlearning: Reducing Confidence Along Adversarial Directions", NeurIPS 2022), as a
 * {@link GradientOracle}: besides the usual objective it raises the model's predictive entropy at
 * a point a large step α along each example's adversarial direction, which the paper shows unlearns
 * features the model latched onto by chance (spurious ones) and helps most with little data. It
 * follows the official code ({@code ars22/RCAD-regularizer}, {@code train_maxent.py}) rather than
 * the paper's pseudocode where they differ: the direction is d = ∇ₓ loss(f(x), y) normalised per
 * example to unit L2 norm (with +1e-10 in the denominator) and held constant, x_adv = x + α·d, and
 * the step minimises {@code objective + λ·(log K − mean H(p(·|x_adv)))}, K the number of classes.
 * Unlike FGSM adversarial training ({@link FgsmAdversarialTraining}) it never asks the model to
 * predict the original label at x_adv, only to be unsure there. The official code freezes
 * BatchNorm statistics in the adversarial pass; no probity layer keeps running statistics, so the
 * adversarial pass runs in training mode unchanged. A model with one output per example (logistic
 * regression) is read as the logit of class 1, so K = 2 and the entropy is the Bernoulli one.
 */
public final class Rcad implements GradientOracle {
  /** Added to each direction's norm before dividing, as in the official code. */
  static final double NORM_EPS = 1e-10;

  /**
   * RCAD's two hyperparameters.
   *
   * @param alpha the step along the unit adversarial direction, in the model's input units (the
   *     paper's are about ten times an ordinary adversarial step; 1.0 in the official CIFAR script)
   * @param lambda the weight of the entropy term (0.2 in the official CIFAR script); 0 is plain
   *     training
   */
  public record Config(double alpha, double lambda) {
    public Config {
      if (!(alpha >= 0) || Double.isInfinite(alpha)) {
        throw new IllegalArgumentException("rcad: alpha must be a finite number >= 0, got " + alpha);
      }
      if (!(lambda >= 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException("rcad: lambda must be a finite number >= 0, got " + lambda);
      }
    }
  }

  private final Config config;

  public Rcad(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("rcad: config must not be null");
    }
    this.config = config;
  }

  /** RCAD with step {@code alpha} and entropy weight {@code lambda}. */
  public static Rcad of(double alpha, double lambda) {
    return new Rcad(new Config(alpha, lambda));
  }

  public Config config() {
    return config;
  }

  @Override
  public StepLoss compute(Module model, LossFunction loss, Objective objective, Batch batch) {
    if (batch.size() == 0) {
      return StepLoss.EMPTY;
    }
    // With lambda = 0 the entropy term vanishes: skip the direction pass, the step is plain backprop.
    Tensor xAdv = config.lambda == 0 ? null : adversarialPoints(model, loss, batch, config.alpha);
    try (Tape tape = Tape.start()) {
      Tensor perExample = loss.perExample(model.forward(batch.x()), batch);
      Tensor total = objective.reduce(perExample, batch);
      if (xAdv != null) {
        Tensor outAdv = model.forward(xAdv);
        Tensor reg = meanEntropy(outAdv).neg().add((float) Math.log(classes(outAdv))).mul((float) config.lambda);
        total = total.add(reg);
      }
      StepLoss r = StepLoss.of(total.item(), perExample.detach());
      if (r.finite()) {
        tape.backward(total);
      }
      return r;
    }
  }

  /**
   * Each example's unit adversarial direction ∇ₓ loss / (‖∇ₓ loss‖₂ + 1e-10), detached, shaped like
   * {@code batch.x()}. Leaves the parameters without gradients.
   */
  public static Tensor direction(Module model, LossFunction loss, Batch batch) {
    Tensor g = InputGradients.of(model, loss, batch);
    float[] a = g.data();
    int n = g.dim(0);
    int d = InputGradients.rowLength(g);
    float[] out = new float[a.length];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      double sq = 0;
      for (int j = 0; j < d; j++) {
        sq += (double) a[off + j] * a[off + j];
      }
      double inv = 1.0 / (Math.sqrt(sq) + NORM_EPS);
      for (int j = 0; j < d; j++) {
        out[off + j] = (float) (a[off + j] * inv);
      }
    }
    return Tensor.wrap(out, g.shape());
  }

  /** x + α·d for every example of the batch: the points where RCAD raises the entropy (detached). */
  public static Tensor adversarialPoints(Module model, LossFunction loss, Batch batch, double alpha) {
    Tensor d = direction(model, loss, batch);
    float[] x = batch.x().data();
    float[] dv = d.data();
    float[] out = new float[x.length];
    float a = (float) alpha;
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + a * dv[i];
    }
    return Tensor.wrap(out, batch.x().shape());
  }

  /**
   * The mean over the batch of the predictive entropy −Σₖ p log p (nats), recorded on the tape.
   * Outputs [B, K] are class scores; [B] or [B, 1] is one logit per example (binary, K = 2).
   */
  public static Tensor meanEntropy(Tensor outputs) {
    Tensor logits = asClassScores(outputs);
    Tensor logp = logits.logSoftmax(1);
    return logp.exp().mul(logp).sum(1, false).neg().mean();
  }

  /** The class count K of {@code outputs} as {@link #meanEntropy} reads them. */
  static int classes(Tensor outputs) {
    return outputs.rank() == 2 && outputs.dim(1) > 1 ? outputs.dim(1) : 2;
  }

  private static Tensor asClassScores(Tensor outputs) {
    if (outputs.rank() == 2 && outputs.dim(1) > 1) {
      return outputs;
    }
    if (outputs.rank() > 2 || outputs.rank() == 0) {
      throw new IllegalArgumentException("rcad: expected outputs [B, K] or one logit per example ([B] or [B, 1]),"
          + " got shape " + outputs.shape());
    }
    int b = outputs.dim(0);
    // sigmoid(z) is the softmax of the scores [0, z]: one path for binary and multiclass entropy.
    return Tensor.concat(1, Tensor.zeros(b, 1), outputs.reshape(b, 1));
  }

  @Override
  public String toString() {
    return "rcad(alpha=" + config.alpha + ", lambda=" + config.lambda + ")";
  }
}
