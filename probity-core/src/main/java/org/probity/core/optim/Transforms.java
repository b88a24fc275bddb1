package org.probity.core.optim;

import java.util.List;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The gradient-transformation links, after Optax ({@code optax.chain}, {@code scale_by_adam},
 * {@code trace}, ...), and {@link #applyUpdates} which adds the final updates to the parameters.
 * Updates are what gets added, so a descent step ends with a negative learning-rate scale
 * ({@link #scaleByLearningRate}); {@link Optimizers} has the usual optimisers built from these.
 * Defaults and formulas follow Optax; each link's class comment gives the paper.
 */
public final class Transforms {
  private Transforms() {}

  /** Links applied in order; state = the list of their states. */
  public static GradientTransform<List<Object>> chain(GradientTransform<?>... links) {
    return new Chain(links);
  }

  /** Passes updates through. */
  public static GradientTransform<EmptyState> identity() {
    return new Identity();
  }

  /**
   * Adds {@code updates} in place to the parameter tensors of the same names (Optax's
   * {@code apply_updates}). Parameters without an update are an error, so a renamed layer cannot
   * silently stop training.
   */
  public static void applyUpdates(Params params, Params updates) {
    String op = "applyUpdates";
    Checks.notNull(op, "params", params);
    Checks.notNull(op, "updates", updates);
    if (params.byName().size() != updates.byName().size()) {
      throw new IllegalArgumentException(op + ": " + updates.byName().size() + " updates " + updates.names()
          + " for " + params.byName().size() + " parameters " + params.names());
    }
    for (Map.Entry<String, Tensor> e : params.byName().entrySet()) {
      Tensor u = updates.byName().get(e.getKey());
      if (u == null) {
        throw new IllegalArgumentException(op + ": no update for parameter '" + e.getKey() + "'; updates have "
            + updates.names());
      }
      Tensor p = e.getValue();
      if (!u.shape().equals(p.shape())) {
        throw new IllegalArgumentException(op + ": update for '" + e.getKey() + "' has shape " + u.shape()
            + " but the parameter has shape " + p.shape());
      }
      float[] pd = p.data();
      float[] ud = u.data();
      for (int i = 0; i < pd.length; i++) {
        pd[i] += ud[i];
      }
    }
  }

  /** Multiplies updates by {@code factor} (any finite number). */
  public static GradientTransform<EmptyState> scale(double factor) {
    return new Scale("scale", factor);
  }

  /** Multiplies updates by {@code schedule.at(step)}; the step count is the state. */
  public static GradientTransform<ScaleBySchedule.State> scaleBySchedule(Schedule schedule) {
    return new ScaleBySchedule("scaleBySchedule", schedule, false);
  }

  /** Multiplies updates by {@code −lr} ({@code lr} finite and {@code >= 0}): the descent step. */
  public static GradientTransform<EmptyState> scaleByLearningRate(double lr) {
    Checks.nonNegative("scaleByLearningRate", "learning rate", lr);
    return new Scale("scaleByLearningRate", -lr);
  }

  /** Multiplies updates by {@code −schedule.at(step)}; fails if the schedule gives a negative or non-finite rate. */
  public static GradientTransform<ScaleBySchedule.State> scaleByLearningRate(Schedule schedule) {
    return new ScaleBySchedule("scaleByLearningRate", schedule, true);
  }

  /** Adds {@code weightDecay · params} (decoupled weight decay when placed after the adaptive link). */
  public static GradientTransform<EmptyState> addDecayedWeights(double weightDecay) {
    return new AddDecayedWeights(weightDecay);
  }

  /** Scales all updates down together when their joint L2 norm exceeds {@code maxNorm}. */
  public static GradientTransform<EmptyState> clipByGlobalNorm(double maxNorm) {
    return new ClipByGlobalNorm(maxNorm);
  }

  /** The joint L2 norm of all updates. */
  public static double globalNorm(Params updates) {
    return ClipByGlobalNorm.globalNorm(updates);
  }

  /** Momentum: {@code trace ← g + decay·trace}; emits the trace, or {@code g + decay·trace} for Nesterov. */
  public static GradientTransform<TraceMomentum.State> traceMomentum(double decay, boolean nesterov) {
    return new TraceMomentum(decay, nesterov);
  }

  /** Adam's rescaling with Optax's defaults b1 = 0.9, b2 = 0.999, eps = 1e-8. */
  public static GradientTransform<ScaleByAdam.State> scaleByAdam() {
    return new ScaleByAdam(0.9, 0.999, 1e-8, 0.0);
  }

  public static GradientTransform<ScaleByAdam.State> scaleByAdam(double b1, double b2, double eps) {
    return new ScaleByAdam(b1, b2, eps, 0.0);
  }

  public static GradientTransform<ScaleByAdam.State> scaleByAdam(double b1, double b2, double eps, double epsRoot) {
    return new ScaleByAdam(b1, b2, eps, epsRoot);
  }

  /** RMSProp's rescaling {@code g / sqrt(nu + eps)}, nu starting at 0 (Optax's defaults: decay 0.9, eps 1e-8). */
  public static GradientTransform<ScaleByRms.State> scaleByRms(double decay, double eps) {
    return new ScaleByRms(decay, eps, 0.0, true);
  }

  /** RMSProp's rescaling with a starting second moment and a choice of where eps goes. */
  public static GradientTransform<ScaleByRms.State> scaleByRms(double decay, double eps, double initialScale,
      boolean epsInSqrt) {
    return new ScaleByRms(decay, eps, initialScale, epsInSqrt);
  }

  /**
   * AdaGrad's rescaling {@code g / sqrt(Σg² + eps)}; arguments in Optax's order
   * ({@code scale_by_rss(initial_accumulator_value=0.1, eps=1e-7)}).
   */
  public static GradientTransform<ScaleByRss.State> scaleByRss(double initialAccumulatorValue, double eps) {
    return new ScaleByRss(initialAccumulatorValue, eps);
  }
}
