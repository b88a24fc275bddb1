package org.probity.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.cli.files.AtomicFiles;
import org.probity.cli.report.SweepCharts;

/**
 * A sweep's report.html: what was swept and how, the best configuration (with the flags that rerun
 * it), one chart per swept key (the metric every trial is chosen by against the key's value; log
 * axis for log-uniform keys; one colour per halving rung) and the table of trials linking to each
 * trial's own run report; trials chosen on validation show their test figure beside it. One
 * self-contained file, like a run's report.
 */
public final class SweepReport {
  private SweepReport() {}

  /** Writes {@code dir}/report.html atomically and returns its path. */
  public static Path write(Path dir, String title, SweepSpec spec, List<TrialResult> rows, TrialResult best)
      throws IOException {
    Path file = dir.resolve(SweepStore.REPORT);
    AtomicFiles.write(file, html(title, spec, rows, best));
    return file;
  }

  static String html(String title, SweepSpec spec, List<TrialResult> rows, TrialResult best) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title>\n<style>body{font:14px/1.45 system-ui,sans-serif;color:#1f2937;"
            + "margin:2em auto;max-width:1100px;padding:0 1em}table{border-collapse:collapse;margin:1em 0}"
            + "th,td{padding:3px 9px;border-bottom:1px solid #e5e7eb;text-align:left}td.n{text-align:right;"
            + "font-variant-numeric:tabular-nums}tr.best{background:#ecfdf5}.charts{display:flex;flex-wrap:wrap;"
            + "gap:1.5em}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3em}code{background:#f3f4f6;"
            + "padding:1px 4px}.note{color:#6b7280}</style></head><body>\n");
    sb.append("<h1>").append(esc(title)).append("</h1>\n");
    long complete = rows.stream().filter(TrialResult::isComplete).count();
    boolean both = SweepTable.splitsMetric(rows);
    String label = SweepTable.valueLabel(spec, rows);
    sb.append("<p>").append(esc(describe(spec))).append(". ").append(complete).append(" of ").append(rows.size())
        .append(" trials complete; trials are chosen by ").append(both ? "validation" : "test").append(" <b>")
        .append(esc(spec.metric())).append("</b> (").append(spec.maximize() ? "higher" : "lower")
        .append(" is better)").append(both ? "; the test column played no part in the choice, so the chosen trial's"
            + " test figure is not inflated by it" : "").append(".</p>\n");
    if (best != null) {
      sb.append("<p>Best: ").append(esc(label)).append(" <b>")
          .append(String.format(Locale.ROOT, "%.4f", best.value())).append("</b>")
          .append(best.hasTest() ? ", test_" + esc(spec.metric()) + " <b>"
              + String.format(Locale.ROOT, "%.4f", best.test()) + "</b>" : "").append(" (trial ")
          .append(esc(best.trial().id())).append(") with <code>").append(esc(SweepTable.flags(best.trial())))
          .append("</code>").append(best.run() == null ? "" : "; rerun it with <code>probity run "
              + esc(best.run()) + "/spec.yaml</code> from this folder").append(".</p>\n");
    } else {
      sb.append("<p class=\"note\">No trial has completed yet.</p>\n");
    }
    sb.append("<h2>").append(esc(label)).append(" by swept key</h2>\n<div class=\"charts\">\n");
    for (Param p : spec.params()) {
      sb.append("<figure class=\"sweep-chart\"><figcaption>").append(esc(p.key())).append("</figcaption>")
          .append(chart(spec, p, rows, label)).append("</figure>\n");
    }
    sb.append("</div>\n<h2>Trials</h2>\n<table><tr><th>trial</th>");
    if (spec.halving() != null) {
      sb.append("<th>").append(esc(spec.halving().budgetKey())).append("</th>");
    }
    for (Param p : spec.params()) {
      sb.append("<th>").append(esc(p.key())).append("</th>");
    }
    sb.append("<th>").append(esc(label)).append("</th>").append(both ? "<th>test_" + esc(spec.metric()) + "</th>"
        : "").append("<th>status</th><th>seconds</th><th>run</th></tr>\n");
    for (TrialResult r : rows) {
      sb.append(r == best ? "<tr class=\"best\">" : "<tr>").append("<td>").append(esc(r.trial().id())).append("</td>");
      if (spec.halving() != null) {
        sb.append("<td class=\"n\">").append(r.trial().budget()).append("</td>");
      }
      for (Param p : spec.params()) {
        sb.append("<td>").append(esc(r.trial().params().get(p.key()))).append("</td>");
      }
      sb.append("<td class=\"n\">").append(SweepTable.number(r.value())).append("</td>");
      if (both) {
        sb.append("<td class=\"n\">").append(SweepTable.number(r.test())).append("</td>");
      }
      sb.append("<td>").append(esc(r.status()))
          .append(r.error() == null ? "" : ": " + esc(r.error())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.1f", r.seconds())).append("</td><td>");
      if (r.run() != null) {
        sb.append("<a href=\"").append(esc(r.run())).append("/report.html\">report</a>");
      }
      sb.append("</td></tr>\n");
    }
    sb.append("</table>\n</body></html>\n");
    return sb.toString();
  }

  private static String chart(SweepSpec spec, Param p, List<TrialResult> rows, String label) throws IOException {
    List<String> categories = null;
    if (p.kind() == Param.Kind.CHOICE && p.choices().stream().anyMatch(c -> Double.isNaN(Param.numeric(c)))) {
      categories = p.choices();
    }
    boolean log = p.logScale();
    Map<String, List<double[]>> bySeries = new LinkedHashMap<>();
    for (TrialResult r : rows) {
      String v = r.trial().params().get(p.key());
      if (v == null || !r.isComplete() || !Double.isFinite(r.value())) {
        continue;
      }
      double x = categories != null ? categories.indexOf(v) : Param.numeric(v);
      if (!Double.isFinite(x) || x < 0 && categories != null || log && x <= 0) {
        continue;
      }
      String series = r.trial().budget() == null ? "trials" : spec.halving().budgetKey() + " " + r.trial().budget();
      bySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(new double[] {x, r.value()});
    }
    List<SweepCharts.Series> series = new ArrayList<>();
    bySeries.forEach((name, pts) -> {
      double[] xs = new double[pts.size()];
      double[] ys = new double[pts.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = pts.get(i)[0];
        ys[i] = pts.get(i)[1];
      }
      series.add(new SweepCharts.Series(name, xs, ys));
    });
    return SweepCharts.scatter(p.key(), label, log, categories, series);
  }

  /** "grid search over 2 keys (6 configurations)", "successive halving of 9 random configurations ...". */
  static String describe(SweepSpec spec) {
    int k = spec.params().size();
    String keys = k + " key" + (k == 1 ? "" : "s");
    return switch (spec.method()) {
      case GRID -> "Grid search over " + keys + " (" + spec.trials() + " configurations)";
      case RANDOM -> "Random search over " + keys + " (" + spec.trials() + " configurations, seed " + spec.seed() + ")";
      case HALVING -> "Successive halving over " + keys + ": " + spec.trials() + " random configurations (seed "
          + spec.seed() + "), eta " + spec.halving().eta() + ", " + spec.halving().budgetKey() + " budgets "
          + spec.halving().budgets();
    };
  }

  private static String esc(String s) {
    return SweepCharts.esc(s);
  }
}
