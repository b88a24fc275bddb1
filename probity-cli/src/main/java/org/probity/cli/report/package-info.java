/**
 * The run report: {@link org.probity.cli.report.ReportRenderer} reads a run folder (spec.yaml,
 * provenance.json, metrics.jsonl, summary.json, the INCOMPLETE marker), tolerating whatever is
 * missing or malformed, and writes one self-contained {@code report.html} with the comparison
 * table, XChart training curves and per-group bars embedded as PNG data URIs, the resolved spec
 * and the provenance. A federated run (issue 4) gets a federated section instead: per-strategy
 * client-accuracy table, accuracy per round, per-client box plot and hurt fractions.
 */
package org.probity.cli.report;
