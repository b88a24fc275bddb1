package org.probity.cli.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.probity.cli.VersionProvider;
import org.probity.cli.run.Json;
import org.probity.privacy.audit.AuditTable;
import org.probity.privacy.audit.EmpiricalEpsilon;

/**
 * audit.json: every number of an audit, for scripts and for comparing audits, in the run folder's
 * JSON conventions ({@link Json}: indented, non-finite numbers as null). A TPR the non-members
 * cannot resolve is null with the reason beside it, never a number, and the ε bound carries the
 * threshold and rates that reached it, so a reader can check it against roc.csv.
 */
final class AuditJson {
  static final String FORMAT = "probity-audit/1";

  private AuditJson() {}

  static ObjectNode of(AuditResult r) {
    AuditTable t = r.table();
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("run", r.runId());
    o.put("variant", r.variant());
    o.put("attack", r.attack());
    o.put("population", r.population());
    o.put("members", r.members());
    o.put("non_members", r.nonMembers());
    o.put("seed", r.seed());
    o.put("shadows", r.shadows());
    Json.put(o, "seconds", r.seconds());
    o.put("probity_version", VersionProvider.version());
    Json.put(o, "confidence", t.confidence());
    Json.put(o, "auroc", t.auroc());

    ArrayNode rows = o.putArray("tpr_at_fpr");
    for (AuditTable.Row row : t.rows()) {
      ObjectNode j = rows.addObject();
      Json.put(j, "fpr", row.fpr());
      if (row.interval() == null) {
        j.putNull("tpr");
        j.putNull("interval");
        j.put("not_measured", "needs at least " + needed(row.fpr()) + " non-members, got " + r.nonMembers());
      } else {
        Json.put(j, "tpr", row.tpr());
        ObjectNode iv = j.putObject("interval");
        Json.put(iv, "low", row.interval().low());
        Json.put(iv, "high", row.interval().high());
        j.putNull("not_measured");
      }
    }

    EmpiricalEpsilon.Result e = t.epsilon();
    ObjectNode ej = o.putObject("empirical_epsilon");
    Json.put(ej, "epsilon", e.epsilon());
    Json.put(ej, "delta", t.delta());
    Json.put(ej, "confidence", t.confidence());
    // +Infinity (flag no one, reached only when no threshold gives evidence) is written as null.
    Json.put(ej, "threshold", e.threshold());
    Json.put(ej, "tpr", e.tpr());
    Json.put(ej, "fpr", e.fpr());
    ej.put("method", "Clopper-Pearson lower bound on TPR and upper bound on FPR at the threshold");

    if (r.isPrivate()) {
      ObjectNode a = o.putObject("accountant");
      Json.put(a, "epsilon", r.accountantEpsilon());
      Json.put(a, "delta", r.delta());
      if (r.guarantee() == null) {
        a.putNull("guarantee");
      } else {
        a.put("guarantee", r.guarantee());
      }
    } else {
      o.putNull("accountant");
    }
    o.put("verdict", !r.isPrivate() ? "no guarantee" : r.contradicts() ? "contradiction" : "consistent");
    o.put("comparison", r.comparison());
    return o;
  }

  /** The non-members an FPR target needs: 1/fpr, rounded up. */
  static long needed(double fpr) {
    return (long) Math.ceil(1 / fpr - 1e-9);
  }
}
