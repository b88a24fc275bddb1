package org.probity.cli.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "Federated" section of the report of a federated run, in place of the central run's
 * comparison table and training curves: the federation's settings and warnings, the per-strategy
 * table ({@link StrategyTable}) and the charts ({@link FederatedCharts}). Its charts are drawn
 * when the section is built, before the page writes its notes, so that a chart that fails to draw
 * is among the notes like any other.
 */
final class FederatedSection {
  private final RunData run;
  private final FederatedRun fed;
  private final Palette palette;
  private final List<ChartDrawer.Figure> figures;

  private FederatedSection(RunData run, Palette palette, List<ChartDrawer.Figure> figures) {
    this.run = run;
    this.fed = run.federated();
    this.palette = palette;
    this.figures = figures;
  }

  /** Plans and draws the section's charts for a federated run ({@code run.federated()} not null). */
  static FederatedSection draw(RunData run, Palette palette, ChartDrawer drawer) {
    return new FederatedSection(run, palette, drawer.draw(new FederatedCharts(palette).plans(run, run.federated())));
  }

  List<ChartDrawer.Figure> figures() {
    return figures;
  }

  void append(StringBuilder sb) {
    ReportPage.section(sb, "Federated", "federated");
    if (!fed.settings().isEmpty()) {
      ReportPage.metaLine(sb, "meta fed-settings", "federation", fed.settings());
    }
    if (!fed.warnings().isEmpty()) {
      sb.append("<div class=\"alert incomplete\"><strong>")
          .append(fed.warnings().size() == 1 ? "Warning" : fed.warnings().size() + " warnings")
          .append(" from the run</strong><ul>\n");
      for (String w : fed.warnings()) {
        sb.append("<li>").append(Html.esc(w)).append("</li>\n");
      }
      sb.append("</ul></div>\n");
    }
    sb.append("<p class=\"hint\">Final test accuracy of each client, summarised over clients; \u2191 higher is better,"
        + " \u2193 lower is better, the best value in each column is highlighted. Hurt: the fraction of clients"
        + " strictly worse off than under FedAvg or than training alone (Local); " + StrategyTable.NONE
        + " where that baseline is not in the run or is the strategy itself.");
    if (fed.strategies().stream().anyMatch(s -> !s.fromSummary())) {
      sb.append(" Rows measured on a round come from metrics.jsonl: the client mean of the latest evaluated round,"
          + " traffic and time so far; the per-client distribution is known when the run ends.");
    }
    sb.append("</p>\n");
    sb.append(StrategyTable.html(fed.strategies(), palette));
    charts(sb);
    sb.append("</section>\n");
  }

  private void charts(StringBuilder sb) {
    if (figures.isEmpty()) {
      sb.append("<p class=\"empty fed-charts\">")
          .append(run.metrics().isEmpty() ? "No rounds were recorded." : "No round has been evaluated yet.")
          .append("</p>\n");
      return;
    }
    sb.append("<h3>Charts</h3>\n");
    ReportPage.legend(sb, fed.strategies().stream().map(StrategyRow::name).toList(), palette);
    sb.append("<div class=\"grid\">\n");
    for (ChartDrawer.Figure f : figures) {
      sb.append("<figure><figcaption>").append(Html.esc(f.title())).append("</figcaption>").append(f.html());
      if (f.title().equals(FederatedCharts.BOX_TITLE)) {
        sb.append("<p class=\"fig-note\">Box: 25th to 75th percentile; bar: median; whiskers: 10th and 90th"
            + " percentiles; dots: clients.</p>");
      } else if (f.title().equals(FederatedCharts.HURT_TITLE)) {
        sb.append("<div class=\"legend small\">");
        // Only the baselines that have bars: a run without a local strategy has no "vs Local".
        if (fed.strategies().stream().anyMatch(s -> Double.isFinite(s.hurtVsFedavg()))) {
          swatch(sb, FederatedCharts.VS_FEDAVG, "vs FedAvg");
        }
        if (fed.strategies().stream().anyMatch(s -> Double.isFinite(s.hurtVsLocal()))) {
          swatch(sb, FederatedCharts.VS_LOCAL, "vs Local");
        }
        sb.append("</div>");
      } else if (f.title().equals(FederatedCharts.CENTRAL_TITLE)) {
        sb.append("<p class=\"fig-note\">The global model on data the server held out; strategies without one"
            + " global model (local, IFCA) have no line.").append(overlaps(FederatedCharts.CENTRAL)).append("</p>");
      } else if (f.title().equals(FederatedCharts.ROUND_TITLE)) {
        sb.append("<p class=\"fig-note\">Mean over clients of each client's test accuracy, in the rounds that"
            + " were evaluated.").append(overlaps(FederatedCharts.CLIENT_MEAN)).append("</p>");
      }
      sb.append("</figure>\n");
    }
    sb.append("</div>\n");
    if (!fed.anyClients()) {
      sb.append("<p class=\"hint fed-later\">The per-client box plot and the hurt fractions come from summary.json,"
          + " written when the run ends.</p>\n");
    }
  }

  /** " Identical lines (one global model): fedavg, finetune, ditto." or "". */
  private String overlaps(String key) {
    List<List<String>> groups = FederatedCharts.coinciding(run.metrics(),
        fed.strategies().stream().map(StrategyRow::name).toList(), key);
    if (groups.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" Identical, so drawn as one line: ");
    for (int i = 0; i < groups.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(Html.esc(String.join(", ", groups.get(i))));
    }
    return sb.append('.').toString();
  }

  private static void swatch(StringBuilder sb, Color c, String label) {
    sb.append("<span><span class=\"swatch\" style=\"background:")
        .append(String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xFFFFFF)).append("\"></span>").append(Html.esc(label))
        .append("</span>");
  }
}
