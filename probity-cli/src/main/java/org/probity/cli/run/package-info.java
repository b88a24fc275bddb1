/**
 * Runs: the run store and the run-folder format (INCOMPLETE marker, resolved spec, provenance,
 * training membership, metrics.jsonl, summary.json, report, checkpoints; every file written
 * atomically), data preparation and generators, the experiment runner that trains each variant of a spec, and the
 * federated runner that runs each strategy of a spec's {@code federated:} section on the same
 * clients ({@link org.probity.cli.run.FederatedRunner}).
 */
package org.probity.cli.run;
