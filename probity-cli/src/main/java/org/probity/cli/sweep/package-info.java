/**
 * Hyper-parameter sweeps for {@code probity sweep}: the {@code sweep:} section of a spec
 * ({@link org.probity.cli.sweep.SweepSpec}), the searches (grid, random, successive halving), where
 * trials run ({@link org.probity.cli.sweep.TrialExecutor}, a local thread pool by default), the
 * resumable record of finished trials ({@link org.probity.cli.sweep.SweepStore}) and the report.
 */
package org.probity.cli.sweep;
