package org.probity.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table that compares the variants: one row per variant, one column per scalar metric, and
 * in each column with a known direction the best value marked ({@code class="best"}), ties
 * included. Nothing is marked when fewer than two variants have a value or all are equal, since
 * then there is no comparison to draw the eye to.
 */
final class ComparisonTable {
  private ComparisonTable() {}

  /** The metric columns: known metrics in their usual order, then any others as they come. */
  static List<MetricKind> columns(List<VariantResult> variants) {
    Set<String> keys = new LinkedHashSet<>();
    for (VariantResult v : variants) {
      keys.addAll(v.metrics().keySet());
    }
    List<MetricKind> cols = new ArrayList<>();
    for (String k : keys) {
      cols.add(MetricKind.of(k));
    }
    cols.sort(Comparator.comparingInt(MetricKind::rank)); // stable: unknown keys keep their order
    return cols;
  }

  /** For each column, which rows hold the best value. */
  static boolean[][] best(List<VariantResult> variants, List<MetricKind> cols) {
    boolean[][] mark = new boolean[variants.size()][cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      MetricKind k = cols.get(c);
      if (k.direction() == MetricKind.UNKNOWN) {
        continue;
      }
      double best = Double.NaN;
      int finite = 0;
      for (VariantResult v : variants) {
        double x = v.metric(k.key());
        if (Double.isFinite(x)) {
          best = finite == 0 || k.better(x, best) ? x : best;
          finite++;
        }
      }
      int atBest = 0;
      for (VariantResult v : variants) {
        atBest += v.metric(k.key()) == best ? 1 : 0;
      }
      if (finite < 2 || atBest == finite) {
        continue;
      }
      for (int r = 0; r < variants.size(); r++) {
        mark[r][c] = variants.get(r).metric(k.key()) == best;
      }
    }
    return mark;
  }

  static String html(List<VariantResult> variants, Palette palette) {
    if (variants.isEmpty()) {
      return "<p class=\"empty\">No variant has reported any metric yet.</p>\n";
    }
    List<MetricKind> cols = columns(variants);
    boolean[][] best = best(variants, cols);
    boolean objectives = variants.stream().anyMatch(v -> v.objective() != null);
    boolean sources = variants.stream().anyMatch(v -> !v.fromTest());
    boolean steps = variants.stream().anyMatch(v -> Double.isFinite(v.steps()));
    boolean times = variants.stream().anyMatch(v -> Double.isFinite(v.seconds()));

    StringBuilder sb = new StringBuilder(1024);
    sb.append("<div class=\"scroll\"><table class=\"cmp\">\n<thead><tr><th>Variant</th>");
    if (objectives) {
      sb.append("<th>Objective</th>");
    }
    for (MetricKind k : cols) {
      String hint = k.direction() == MetricKind.HIGHER ? "higher is better"
          : k.direction() == MetricKind.LOWER ? "lower is better" : k.key();
      sb.append("<th class=\"num\" title=\"").append(Html.esc(hint)).append("\">")
          .append(Html.esc(k.label())).append(k.arrow()).append("</th>");
    }
    if (steps) {
      sb.append("<th class=\"num\">Steps</th>");
    }
    if (times) {
      sb.append("<th class=\"num\">Time</th>");
    }
    if (sources) {
      sb.append("<th>Measured on</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < variants.size(); r++) {
      VariantResult v = variants.get(r);
      sb.append("<tr><td class=\"variant\"><span class=\"swatch\" style=\"background:")
          .append(palette.css(v.name())).append("\"></span>").append(Html.esc(v.name())).append("</td>");
      if (objectives) {
        sb.append("<td class=\"objective\">").append(v.objective() == null ? "" : Html.esc(v.objective()))
            .append("</td>");
      }
      for (int c = 0; c < cols.size(); c++) {
        double x = v.metric(cols.get(c).key());
        boolean present = v.metrics().containsKey(cols.get(c).key());
        sb.append(best[r][c] ? "<td class=\"num best\" title=\"best in this column\">" : "<td class=\"num\">")
            .append(present ? Html.esc(Html.num(x)) : "<span class=\"na\">\u2014</span>").append("</td>");
      }
      if (steps) {
        sb.append("<td class=\"num\">").append(Double.isFinite(v.steps()) ? Html.count(v.steps()) : "")
            .append("</td>");
      }
      if (times) {
        sb.append("<td class=\"num\">").append(Double.isFinite(v.seconds()) ? Html.seconds(v.seconds()) : "")
            .append("</td>");
      }
      if (sources) {
        sb.append("<td class=\"source\">").append(Html.esc(v.source())).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table></div>\n");
    return sb.toString();
  }
}
