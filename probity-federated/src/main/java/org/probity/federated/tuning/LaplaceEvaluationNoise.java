package org.probity.federated.tuning;

import org.probity.privacy.mechanism.LaplaceMechanism;
import org.probity.tensor.Rng;

/**
 * Differentially private evaluation in federated tuning (Kuo et al., MLSys 2023, "On Noisy
 * Evaluation in Federated Hyperparameter Tuning"; notes-federated-privacy §7): each of the N
 * evaluations of a tuning run releases the uniform mean error over its nc clients, whose
 * sensitivity to one client is 1/nc; splitting a total ε over the N releases gives each one
 * Laplace noise of scale N/(nc·ε) (the {@link LaplaceMechanism} with sensitivity N/nc), and the
 * noisy score is clipped to [0, 1], as in the paper's notebook.
 */
public record LaplaceEvaluationNoise(double epsilon, int evaluations) {
  public LaplaceEvaluationNoise {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("laplace evaluation noise: epsilon must be finite and > 0, got " + epsilon);
    }
    if (evaluations < 1) {
      throw new IllegalArgumentException("laplace evaluation noise: the number of evaluations N must be >= 1, got "
          + evaluations);
    }
  }

  /** The mechanism of one release from {@code clients} clients: sensitivity N/nc, so scale N/(nc·ε). */
  public LaplaceMechanism mechanism(int clients) {
    if (clients < 1) {
      throw new IllegalArgumentException("laplace evaluation noise: need >= 1 client per evaluation, got " + clients);
    }
    return new LaplaceMechanism(epsilon, (double) evaluations / clients);
  }

  /** The Laplace scale N/(nc·ε) of one release. */
  public double scale(int clients) {
    return mechanism(clients).scale();
  }

  /** The released score: the mean error plus Lap(N/(nc·ε)), clipped to [0, 1]. */
  public double release(double meanError, int clients, Rng rng) {
    return clip(mechanism(clients).release(meanError, rng));
  }

  /** Clips to [0, 1], the range of an error rate. */
  public static double clip(double score) {
    return Math.max(0, Math.min(1, score));
  }
}
