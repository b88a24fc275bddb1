package org.probity.privacy.accountant;

import java.util.List;

/**
 * A privacy accountant: it is told every step of a private computation and answers how much
 * privacy has been spent, as (ε, δ). The bookkeeping lives here and the mathematics in pure classes
 * of {@code accountant.analysis}, the split Opacus makes between {@code accountants/rdp.py} and
 * {@code accountants/analysis/rdp.py}, so other accountants (PRV, bounded-support) can share the
 * same interface.
 */
public interface Accountant {
  /** A short name for provenance and reports ("rdp"). */
  String name();

  /** Composes {@code steps} steps of the Poisson-subsampled Gaussian mechanism. */
  void step(double noiseMultiplier, double sampleRate, long steps);

  /** The ε spent at this δ, with the order that gave it. */
  PrivacySpent spent(double delta);

  default double epsilon(double delta) {
    return spent(delta).epsilon();
  }

  /** The subsampled-Gaussian steps composed so far, consecutive identical ones merged. */
  List<MechanismStep> history();

  /** An independent copy, for "what if I took k more steps" questions. */
  Accountant copy();
}
