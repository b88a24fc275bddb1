/**
 * Runs: the run store and the run-folder format (INCOMPLETE marker, resolved spec, provenance,
 * metrics.jsonl, summary.json, report, checkpoints; every file written atomically), data
 * preparation and generators, and the experiment runner that trains each variant of a spec.
 */
package org.probity.cli.run;
