package org.probity.privacy.accountant;

/**
 * One homogeneous run of {@code steps} steps of the Poisson-subsampled Gaussian mechanism with
 * noise multiplier σ (noise std over L2 sensitivity) and sampling rate q, as in Opacus's RDP
 * accountant history: consecutive identical steps are kept as one entry with a count.
 */
public record MechanismStep(double noiseMultiplier, double sampleRate, long steps) {}
