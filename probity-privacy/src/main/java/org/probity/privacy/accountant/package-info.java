/**
 * Privacy accounting: the {@link org.probity.privacy.accountant.Accountant} interface, the Rényi-DP
 * accountant that composes subsampled-Gaussian steps and any other mechanism's RDP curve, and the
 * planning questions (noise for a target ε, steps within a budget). The mathematics it relies on is
 * in {@code accountant.analysis}, kept free of state as Opacus keeps {@code accountants/analysis}.
 */
package org.probity.privacy.accountant;
