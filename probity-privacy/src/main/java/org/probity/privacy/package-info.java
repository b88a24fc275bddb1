/**
 * Differential privacy for Probity: noise mechanisms ({@code mechanism}), privacy accounting with
 * the math kept apart from the bookkeeping as in Opacus ({@code accountant}, {@code accountant.analysis}),
 * and private optimisers as links of a {@code GradientTransform} chain ({@code optim}).
 */
package org.probity.privacy;
