package org.probity.core.optim;

import java.util.List;

/**
 * The usual optimisers as {@link Transforms#chain chains}, with Optax's formulas and defaults
 * ({@code optax.sgd}, {@code adam}, {@code adamw}, {@code rmsprop}, {@code adagrad}). Each takes a
 * fixed learning rate or a {@link Schedule}; the rate is always the last link, scaling by
 * {@code −lr}. Every argument is checked here, and errors name the optimiser, the argument and the
 * value. The state of any of them is a {@code List<Object>} of immutable link states.
 */
public final class Optimizers {
  private Optimizers() {}

  /** Default weight decay of {@link #adamw(double)}, as Optax's {@code adamw}. */
  public static final double ADAMW_DEFAULT_WEIGHT_DECAY = 1e-4;

  // ------------------------------------------------------------------ sgd

  /** Plain gradient descent: update = −lr · g. */
  public static GradientTransform<List<Object>> sgd(double lr) {
    return Transforms.chain(rate("sgd", lr));
  }

  public static GradientTransform<List<Object>> sgd(Schedule lr) {
    return Transforms.chain(rate("sgd", lr));
  }

  // ------------------------------------------------------------------ momentum

  /** Heavy-ball momentum without dampening (as PyTorch and Optax): trace = g + β·trace; update = −lr · trace. */
  public static GradientTransform<List<Object>> momentum(double lr, double beta) {
    return Transforms.chain(trace("momentum", beta, false), rate("momentum", lr));
  }

  public static GradientTransform<List<Object>> momentum(Schedule lr, double beta) {
    return Transforms.chain(trace("momentum", beta, false), rate("momentum", lr));
  }

  /** Nesterov momentum: trace = g + β·trace; update = −lr · (g + β·trace). */
  public static GradientTransform<List<Object>> nesterov(double lr, double beta) {
    return Transforms.chain(trace("nesterov", beta, true), rate("nesterov", lr));
  }

  public static GradientTransform<List<Object>> nesterov(Schedule lr, double beta) {
    return Transforms.chain(trace("nesterov", beta, true), rate("nesterov", lr));
  }

  // ------------------------------------------------------------------ adam, adamw

  /** Adam with b1 = 0.9, b2 = 0.999, eps = 1e-8. */
  public static GradientTransform<List<Object>> adam(double lr) {
    return adam(lr, 0.9, 0.999, 1e-8);
  }

  public static GradientTransform<List<Object>> adam(Schedule lr) {
    return adam(lr, 0.9, 0.999, 1e-8);
  }

  public static GradientTransform<List<Object>> adam(double lr, double b1, double b2, double eps) {
    return Transforms.chain(adamLink("adam", b1, b2, eps), rate("adam", lr));
  }

  public static GradientTransform<List<Object>> adam(Schedule lr, double b1, double b2, double eps) {
    return Transforms.chain(adamLink("adam", b1, b2, eps), rate("adam", lr));
  }

  /** AdamW with Adam's defaults and weight decay 1e-4 (Optax's defaults). */
  public static GradientTransform<List<Object>> adamw(double lr) {
    return adamw(lr, 0.9, 0.999, 1e-8, ADAMW_DEFAULT_WEIGHT_DECAY);
  }

  /**
   * AdamW (Loshchilov and Hutter, ICLR 2019), as Optax: chain(scaleByAdam, addDecayedWeights(wd),
   * scaleByLearningRate(lr)), so update = −lr · (adam direction + wd · params): the decay is
   * decoupled from the adaptive scaling but still multiplied by the learning rate.
   */
  public static GradientTransform<List<Object>> adamw(double lr, double b1, double b2, double eps, double weightDecay) {
    return Transforms.chain(adamLink("adamw", b1, b2, eps), decay("adamw", weightDecay), rate("adamw", lr));
  }

  public static GradientTransform<List<Object>> adamw(Schedule lr, double b1, double b2, double eps,
      double weightDecay) {
    return Transforms.chain(adamLink("adamw", b1, b2, eps), decay("adamw", weightDecay), rate("adamw", lr));
  }

  // ------------------------------------------------------------------ rmsprop, adagrad

  /** RMSProp with decay 0.9 and eps 1e-8 (Optax's defaults; eps inside the square root). */
  public static GradientTransform<List<Object>> rmsprop(double lr) {
    return rmsprop(lr, 0.9, 1e-8);
  }

  public static GradientTransform<List<Object>> rmsprop(Schedule lr) {
    return rmsprop(lr, 0.9, 1e-8);
  }

  /** RMSProp: nu = decay·nu + (1 − decay)·g²; update = −lr · g / sqrt(nu + eps). */
  public static GradientTransform<List<Object>> rmsprop(double lr, double decay, double eps) {
    return Transforms.chain(rmsLink("rmsprop", decay, eps), rate("rmsprop", lr));
  }

  public static GradientTransform<List<Object>> rmsprop(Schedule lr, double decay, double eps) {
    return Transforms.chain(rmsLink("rmsprop", decay, eps), rate("rmsprop", lr));
  }

  /** AdaGrad with initial accumulator 0.1 and eps 1e-7 (Optax's defaults). */
  public static GradientTransform<List<Object>> adagrad(double lr) {
    return adagrad(lr, 0.1, 1e-7);
  }

  public static GradientTransform<List<Object>> adagrad(Schedule lr) {
    return adagrad(lr, 0.1, 1e-7);
  }

  /** AdaGrad with initial accumulator 0.1 and the given eps. */
  public static GradientTransform<List<Object>> adagrad(double lr, double eps) {
    return adagrad(lr, 0.1, eps);
  }

  public static GradientTransform<List<Object>> adagrad(Schedule lr, double eps) {
    return adagrad(lr, 0.1, eps);
  }

  /** AdaGrad: s = initialAccumulatorValue + Σg²; update = −lr · g / sqrt(s + eps). */
  public static GradientTransform<List<Object>> adagrad(double lr, double initialAccumulatorValue, double eps) {
    return Transforms.chain(rssLink("adagrad", initialAccumulatorValue, eps), rate("adagrad", lr));
  }

  public static GradientTransform<List<Object>> adagrad(Schedule lr, double initialAccumulatorValue, double eps) {
    return Transforms.chain(rssLink("adagrad", initialAccumulatorValue, eps), rate("adagrad", lr));
  }

  // ------------------------------------------------------------------ checked links

  private static GradientTransform<?> rate(String op, double lr) {
    Checks.nonNegative(op, "learning rate", lr);
    return Transforms.scaleByLearningRate(lr);
  }

  private static GradientTransform<?> rate(String op, Schedule lr) {
    Checks.notNull(op, "learning-rate schedule", lr);
    return new ScaleBySchedule(op, lr, true);
  }

  private static GradientTransform<?> trace(String op, double beta, boolean nesterov) {
    Checks.unitInterval(op, "beta", beta);
    return Transforms.traceMomentum(beta, nesterov);
  }

  private static GradientTransform<?> adamLink(String op, double b1, double b2, double eps) {
    Checks.unitInterval(op, "b1", b1);
    Checks.unitInterval(op, "b2", b2);
    Checks.positive(op, "eps", eps);
    return Transforms.scaleByAdam(b1, b2, eps);
  }

  private static GradientTransform<?> decay(String op, double weightDecay) {
    Checks.nonNegative(op, "weightDecay", weightDecay);
    return Transforms.addDecayedWeights(weightDecay);
  }

  private static GradientTransform<?> rmsLink(String op, double decay, double eps) {
    Checks.unitInterval(op, "decay", decay);
    Checks.positive(op, "eps", eps);
    return Transforms.scaleByRms(decay, eps);
  }

  private static GradientTransform<?> rssLink(String op, double initialAccumulatorValue, double eps) {
    Checks.nonNegative(op, "initialAccumulatorValue", initialAccumulatorValue);
    Checks.positive(op, "eps", eps);
    return Transforms.scaleByRss(initialAccumulatorValue, eps);
  }
}
