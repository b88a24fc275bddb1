/**
 * The run report: {@link org.probity.cli.report.ReportRenderer} reads a run folder (spec.yaml,
 * provenance.json, metrics.jsonl, summary.json, the INCOMPLETE marker), tolerating whatever is
 * missing or malformed, and writes one self-contained {@code report.html} with the comparison
 * table, XChart training curves and per-group bars embedded as PNG data URIs, the resolved spec
 * and the provenance.
 */
package org.probity.cli.report;
