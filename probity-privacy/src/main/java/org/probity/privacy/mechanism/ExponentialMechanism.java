package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.analysis.PrivateSelectionRdp;
import org.probity.tensor.Rng;

/**
 * The exponential mechanism for private selection (McSherry and Talwar 2007): pick candidate i
 * with probability ∝ exp(ε·u_i / (2Δ)) for scores u of sensitivity Δ. It is ε-DP and, having
 * ε-bounded range, (α, α·ε²/8)-RDP (Cesar and Rogers 2021), which is how MR-MTL composes a private
 * choice of λ with training ({@link PrivateSelectionRdp}). Sampling subtracts the best score first
 * so no weight overflows, and draws from the explicit {@link Rng} so a run repeats exactly.
 */
public final class ExponentialMechanism {
  private final double epsilon;
  private final double sensitivity;

  public ExponentialMechanism(double epsilon, double sensitivity) {
    this.epsilon = PrivacyChecks.epsilon("ExponentialMechanism", epsilon);
    this.sensitivity = PrivacyChecks.sensitivity("ExponentialMechanism", sensitivity);
  }

  public double epsilon() {
    return epsilon;
  }

  public double sensitivity() {
    return sensitivity;
  }

  /** The selection probabilities for these scores (higher score, likelier). */
  public double[] probabilities(double[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("ExponentialMechanism: no candidates to select from");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i]) || Double.isInfinite(scores[i])) {
        throw new IllegalArgumentException("ExponentialMechanism: score " + i + " is " + scores[i]
            + "; scores must be finite");
      }
      max = Math.max(max, scores[i]);
    }
    double[] p = new double[scores.length];
    double sum = 0;
    double k = epsilon / (2 * sensitivity);
    for (int i = 0; i < scores.length; i++) {
      p[i] = Math.exp(k * (scores[i] - max));
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** The index of the selected candidate. */
  public int select(double[] scores, Rng rng) {
    double[] p = probabilities(scores);
    double u = rng.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < p.length; i++) {
      cumulative += p[i];
      if (u < cumulative) {
        return i;
      }
    }
    return p.length - 1; // rounding left the cumulative sum a hair below 1
  }

  /** The RDP curve of {@code selections} selections, α·ε²/8 each. */
  public double[] rdp(double[] orders, long selections) {
    return PrivateSelectionRdp.exponentialMechanism(epsilon, selections, orders);
  }

  @Override
  public String toString() {
    return "ExponentialMechanism[ε=" + epsilon + ", Δ=" + sensitivity + "]";
  }
}
