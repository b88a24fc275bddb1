/**
 * Privacy audits of finished runs (issue 9): membership inference against a run's trained model
 * (threshold attacks, LiRA, the quantile-regression attack of probity-privacy's audit package) and
 * canary audits of private models. {@link org.probity.cli.audit.AuditTarget} turns a run folder into
 * what an attack needs (the checkpoint's model, the members and non-members rebuilt from spec.yaml
 * and checked against membership.json, the recipe that retrains as the run did, the accountant's
 * guarantee); the audit's results and its folder (audit.json, roc.csv, report.html) build on it.
 */
package org.probity.cli.audit;
