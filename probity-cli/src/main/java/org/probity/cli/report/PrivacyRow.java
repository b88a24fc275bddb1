package org.probity.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.privacy.accountant.Guarantee;

/**
 * One private arm of a run as the report's Privacy block shows it, from the {@code "privacy"}
 * object that summary.json gives each private variant (central runs) or strategy (federated
 * runs): the guarantee sentence, the (ε, δ) spent and the ε budget, and why training stopped early
 * when the budget stopped it.
 *
 * @param name the variant or strategy
 * @param guarantee the plain sentence of the guarantee, or null when the summary has none
 * @param epsilon ε spent (NaN when not recorded)
 * @param delta δ (NaN when not recorded)
 * @param budget the ε budget (NaN when none)
 * @param stopReason why the budget stopped training, or null
 */
record PrivacyRow(String name, String guarantee, double epsilon, double delta, double budget, String stopReason) {
  /** The key of the per-arm object in summary.json and of ε in metrics.jsonl lines. */
  static final String KEY = "privacy";
  static final String EPSILON = "epsilon";

  /** The private arms of summary.json's "variants", in order; empty without a summary. */
  static List<PrivacyRow> fromSummary(JsonNode summary) {
    List<PrivacyRow> out = new ArrayList<>();
    JsonNode list = summary == null ? null : summary.get("variants");
    if (list == null || !list.isArray()) {
      return out;
    }
    int i = 0;
    for (JsonNode v : list) {
      i++;
      JsonNode p = v.isObject() ? v.get(KEY) : null;
      if (p == null || !p.isObject()) {
        continue;
      }
      String name = Json.text(v, "name");
      out.add(new PrivacyRow(name == null || name.isBlank() ? "variant " + i : name, Json.text(p, "guarantee"),
          Json.number(p.get(EPSILON)), Json.number(p.get("delta")), Json.number(p.get("budget")),
          Json.text(p, "stop_reason")));
    }
    return out;
  }

  /** The sentence, or what the summary says without one ("ε=1.00, δ=1e-05"). */
  String statement() {
    if (guarantee != null && !guarantee.isBlank()) {
      return guarantee;
    }
    String e = Double.isFinite(epsilon) ? String.format(Locale.ROOT, "%.2f", epsilon) : "?";
    String d = Double.isFinite(delta) ? Guarantee.compact(delta) : "?";
    return "ε=" + e + ", δ=" + d + " (no guarantee sentence recorded)";
  }
}
