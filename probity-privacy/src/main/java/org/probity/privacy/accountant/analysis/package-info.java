/**
 * Pure privacy mathematics with no state: RDP of the Poisson-subsampled Gaussian mechanism (Mironov,
 * Talwar and Zhang 2019) for integer and fractional orders, the RDP → (ε, δ) conversion (Balle et al.
 * 2020), private selection's RDP, and the log-space helpers they need.
 */
package org.probity.privacy.accountant.analysis;
