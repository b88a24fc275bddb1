package org.probity.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's "Privacy" block, on the page of a run with private variants (DP-SGD) or private
 * federated strategies, and on no other page: each private arm's guarantee in one plain sentence
 * ("(ε=1.00, δ=1e-5)-DP for each example of the training set, by RDP accounting of 2,250
 * subsampled Gaussian steps, q=0.008, σ=0.7"), why its budget stopped it when it did, and ε
 * against step or round ({@link PrivacyCharts}). The sentences come from summary.json, ε over time
 * from metrics.jsonl, so a run that is still going or failed shows the ε it has spent so far.
 */
final class PrivacySection {
  /** Added to the page's CSS only with this block, so a non-private page is unchanged. */
  static final String CSS = """
      .guarantees { margin: 0 0 12px; padding-left: 0; list-style: none; font-size: 14px; }
      .guarantees li { margin: 4px 0; overflow-wrap: anywhere; }
      .guarantees .stop { display: block; color: #92400e; font-size: 13px; margin: 2px 0 0 19px; }
      .privacy .fig-note { color: var(--muted); font-size: 12px; margin: 2px 0 0; }
      """;

  private final List<PrivacyRow> rows;
  private final List<String> spending;
  private final List<ChartDrawer.Figure> figures;
  private final Palette palette;
  private final boolean federated;
  private final List<List<String>> identical;

  private PrivacySection(List<PrivacyRow> rows, List<String> spending, List<ChartDrawer.Figure> figures,
      Palette palette, boolean federated, List<List<String>> identical) {
    this.rows = rows;
    this.spending = spending;
    this.figures = figures;
    this.palette = palette;
    this.federated = federated;
    this.identical = identical;
  }

  /** The block of {@code d} with its chart drawn, or null when nothing in the run is private. */
  static PrivacySection draw(RunData d, Palette palette, ChartDrawer drawer) {
    List<PrivacyRow> rows = PrivacyRow.fromSummary(summary(d.dir()));
    String split = PrivacyCharts.split(d);
    if (rows.isEmpty() && split == null) {
      return null;
    }
    // Arms in page order: the summary's, then any whose lines carry ε but that the summary lacks.
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.add(r.name()));
    if (split != null) {
      for (MetricRow r : d.metrics().rows()) {
        if (r.split().equals(split) && r.has(PrivacyRow.EPSILON)) {
          names.add(r.variant());
        }
      }
    }
    Map<String, Double> budgets = new LinkedHashMap<>();
    rows.forEach(r -> budgets.put(r.name(), r.budget()));
    List<String> all = List.copyOf(names);
    List<ChartDrawer.Figure> figures = drawer.draw(new PrivacyCharts(palette).plans(d, all, budgets));
    // Strategies with the same σ, q and steps per round spend identically: say so, since one line hides the others.
    List<List<String>> identical = FederatedRun.ROUND.equals(split)
        ? FederatedCharts.coinciding(d.metrics(), all, PrivacyRow.EPSILON) : List.of();
    return new PrivacySection(rows, all, figures, palette, d.federated() != null, identical);
  }

  /** summary.json, re-read for the privacy objects; null when missing or unreadable (the page notes that). */
  private static JsonNode summary(Path dir) {
    try {
      JsonNode n = Json.MAPPER.readTree(Files.readString(dir.resolve(RunFolderReader.SUMMARY)));
      return n != null && n.isObject() ? n : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void append(StringBuilder sb) {
    ReportPage.section(sb, "Privacy", "privacy");
    String arm = federated ? "strategy" : "variant";
    sb.append("<p class=\"hint\">Differential privacy spent by each private ").append(arm)
        .append(", by the R\u00e9nyi-DP accountant of the subsampled Gaussian mechanism converted to (\u03b5, \u03b4);"
            + " smaller \u03b5 is more private. Every step spends more, so \u03b5 only grows.</p>\n");
    if (rows.isEmpty()) {
      sb.append("<p class=\"empty\">No guarantee recorded yet: summary.json is written when the run ends.</p>\n");
    } else {
      sb.append("<ul class=\"guarantees\">\n");
      for (PrivacyRow r : rows) {
        sb.append("<li><span class=\"swatch\" style=\"background:").append(palette.css(r.name())).append("\"></span>")
            .append("<strong>").append(Html.esc(r.name())).append("</strong>: ").append(Html.esc(r.statement()));
        if (r.stopReason() != null && !r.stopReason().isBlank()) {
          sb.append("<span class=\"stop\">Stopped early: ").append(Html.esc(r.stopReason())).append("</span>");
        }
        sb.append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    if (!figures.isEmpty()) {
      ReportPage.legend(sb, spending, palette);
      sb.append("<div class=\"grid\">\n");
      for (ChartDrawer.Figure f : figures) {
        sb.append("<figure><figcaption>").append(Html.esc(f.title())).append("</figcaption>").append(f.html());
        if (rows.stream().anyMatch(r -> Double.isFinite(r.budget()))) {
          sb.append("<p class=\"fig-note\">Dashed: the \u03b5 budget of the ").append(arm)
              .append(" of that colour; training stops before the step that would cross it.</p>");
        }
        if (!identical.isEmpty()) {
          sb.append("<p class=\"fig-note\">Identical, so drawn as one line: ");
          for (int i = 0; i < identical.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(Html.esc(String.join(", ", identical.get(i))));
          }
          sb.append(".</p>");
        }
        sb.append("</figure>\n");
      }
      sb.append("</div>\n");
    }
    sb.append("</section>\n");
  }
}
