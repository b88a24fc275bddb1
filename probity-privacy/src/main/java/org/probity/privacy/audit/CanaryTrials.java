package org.probity.privacy.audit;

import org.probity.tensor.Rng;

/**
 * The classical multi-run privacy audit (Jagielski, Ullman and Oprea, "Auditing Differentially
 * Private Machine Learning: How Private is Private SGD?", NeurIPS 2020; Nasr et al., "Adversary
 * Instantiation", S&amp;P 2021): R independent training runs, in each of which one fixed canary is
 * inserted with probability 1/2; an attacker who sees only the final model scores the canary, and
 * the R scores, split by whether the canary was in, are a distinguishing test between neighbouring
 * datasets. Its rates bound ε from below ({@link EmpiricalEpsilon#heldOut}, with the threshold
 * picked on half the runs and the bound computed on the other half, so the confidence is exact). A
 * training procedure whose empirical bound exceeds its accountant's ε leaks more than it claims.
 * This class is the generic loop; what a run trains and how the canary is scored is the {@link Trial}.
 */
public final class CanaryTrials {
  /** One training run with or without the canary; returns the attacker's score, higher = member. */
  @FunctionalInterface
  public interface Trial {
    double score(boolean canaryIn, Rng rng);
  }

  /**
   * The scores of the runs with the canary in ({@code memberScores}) and out, and the held-out ε
   * lower bound they give.
   */
  public record Outcome(double[] memberScores, double[] nonMemberScores, EmpiricalEpsilon.Result bound) {
    public double epsilon() {
      return bound.epsilon();
    }

    public int runs() {
      return memberScores.length + nonMemberScores.length;
    }
  }

  private CanaryTrials() {}

  /**
   * Runs {@code trial} {@code runs} times, run r with the canary in with probability 1/2 (from
   * {@code rng}'s "inclusion" stream) and its own stream {@code rng.derive("run").derive(r)}, and
   * bounds ε at {@code delta} with {@code confidence}. Needs at least 4 runs, and at least two runs
   * on each side (an error names the counts otherwise).
   */
  public static Outcome run(Trial trial, int runs, double delta, double confidence, Rng rng) {
    if (trial == null || rng == null) {
      throw new IllegalArgumentException("canary trials: trial and rng must not be null");
    }
    if (runs < 4) {
      throw new IllegalArgumentException("canary trials: needs at least 4 runs (two with the canary and two"
          + " without, to split in halves), got " + runs);
    }
    boolean[] in = Canaries.inclusion(runs, rng.derive("inclusion"));
    int members = 0;
    for (boolean b : in) {
      members += b ? 1 : 0;
    }
    if (members < 2 || runs - members < 2) {
      throw new IllegalArgumentException("canary trials: the coin flips put the canary in " + members + " of "
          + runs + " runs; at least two runs on each side are needed; use more runs or another seed");
    }
    double[] member = new double[members];
    double[] nonMember = new double[runs - members];
    int mi = 0;
    int ni = 0;
    Rng runRng = rng.derive("run");
    for (int r = 0; r < runs; r++) {
      double s = trial.score(in[r], runRng.derive(r));
      if (Double.isNaN(s)) {
        throw new IllegalStateException("canary trials: run " + r + " scored the canary NaN");
      }
      if (in[r]) {
        member[mi++] = s;
      } else {
        nonMember[ni++] = s;
      }
    }
    EmpiricalEpsilon.Result bound = EmpiricalEpsilon.heldOut(member, nonMember, delta, confidence, rng.derive("split"));
    return new Outcome(member, nonMember, bound);
  }
}
