package org.probity.privacy.accountant;

/**
 * The (ε, δ) a run has spent and the Rényi order α that gave the smallest ε (NaN for accountants
 * without orders). Keeping the order lets a user see whether the grid was wide enough: an optimum
 * at the grid's edge means a wider grid might give a smaller ε.
 */
public record PrivacySpent(double epsilon, double delta, double order) {}
