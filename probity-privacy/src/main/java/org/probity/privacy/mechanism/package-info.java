/**
 * Noise mechanisms: Gaussian, Laplace and the exponential mechanism for private selection, each with
 * its (ε, δ) or RDP guarantee, and all drawing from an explicit {@link org.probity.tensor.Rng}.
 */
package org.probity.privacy.mechanism;
