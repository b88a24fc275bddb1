package org.probity.core.repro.term;

import org.probity.core.data.Batch;
import org.probity.core.objective.Objective;
import org.probity.core.objective.Tilted;
import org.probity.tensor.Tensor;

/**
 * The tilt schedule of TERM's noisy-label classification code (litian96/TERM
 * {@code robust_classification/mentornet/code/cifar_train_tilting.py}): the tilt grows linearly
 * from 0 to its target over training, {@code t_k = t · (k + 1) / K} at step k of K. A strongly
 * negative tilt from the first step would let the model fit whichever examples happen to be easy
 * at initialisation and ignore the rest; annealing lets it learn from every example first and
 * then discount the ones it cannot fit, which under label noise are mostly the mislabelled ones.
 * Each step reduces with the shared {@link Tilted} objective at that step's tilt (the code
 * minimises {@code (1/t) mean exp(t l)}, whose per-batch gradient has the same direction).
 *
 * <p>Counts its own steps: every {@link #reduce} call is one training step, so use a fresh
 * instance per training run, and do not call it for evaluation.
 */
final class AnnealedTilt implements Objective {
  private final double target;
  private final int totalSteps;
  private int step;

  AnnealedTilt(double target, int totalSteps) {
    if (!Double.isFinite(target)) {
      throw new IllegalArgumentException("annealed tilt: target t must be finite, got " + target);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException("annealed tilt: total steps must be positive, got " + totalSteps);
    }
    this.target = target;
    this.totalSteps = totalSteps;
  }

  /** The tilt used at step k (0-based); the target from the last step on. */
  double tiltAt(int k) {
    return target * Math.min(1.0, (k + 1.0) / totalSteps);
  }

  /** Steps reduced so far. */
  int steps() {
    return step;
  }

  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    Tilted now = new Tilted(tiltAt(step));
    step++;
    return now.reduce(perExampleLoss, batch);
  }

  @Override
  public String name() {
    return "tilted(t=0->" + target + ", linear over " + totalSteps + " steps)";
  }
}
