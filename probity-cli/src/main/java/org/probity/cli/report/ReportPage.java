package org.probity.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles the HTML of a report from {@link RunData}: header with the status badge, notes on
 * whatever was missing or malformed, the comparison table, training curves, per-group bars, the
 * resolved spec and the provenance; for a federated run, the {@link FederatedSection} in place of
 * the comparison, curves and bars; for a run with private arms, the {@link PrivacySection} after
 * them. Every piece of text from the run folder is escaped; the page has no script and loads
 * nothing.
 */
final class ReportPage {
  /** Malformed lines listed one by one before the rest are only counted. */
  static final int LISTED_LINE_PROBLEMS = 10;

  private ReportPage() {}

  static String html(RunData d) {
    List<Problem> problems = new ArrayList<>(d.problems());
    Palette palette = new Palette(allVariants(d));
    // Charts first: a chart that fails adds a note, and the notes come before them on the page.
    ChartDrawer drawer = new ChartDrawer(problems);
    // A federated run has its own section in place of the comparison, curves and group bars.
    FederatedSection federated = d.federated() == null ? null : FederatedSection.draw(d, palette, drawer);
    // Only a run with private variants or strategies has one; every other page is as before.
    PrivacySection privacy = PrivacySection.draw(d, palette, drawer);
    Charts charts = new Charts(palette);
    List<Charts.Plan> curvePlans = federated != null ? List.of() : charts.curves(d);
    List<Charts.Plan> plans = new ArrayList<>(curvePlans);
    if (federated == null) {
      plans.addAll(charts.groupBars(d));
    }
    List<ChartDrawer.Figure> figures = drawer.draw(plans);
    List<ChartDrawer.Figure> curves = figures.subList(0, curvePlans.size());
    List<ChartDrawer.Figure> bars = figures.subList(curvePlans.size(), figures.size());

    StringBuilder sb = new StringBuilder(256 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"Probity\">\n")
        .append("<title>").append(Html.esc(d.name())).append(" \u2014 Probity run report</title>\n")
        .append("<style>\n").append(ReportStyle.CSS).append(federated == null ? "" : ReportStyle.FEDERATED_CSS)
        .append(privacy == null ? "" : PrivacySection.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(sb, d);
    notes(sb, problems);
    if (federated != null) {
      federated.append(sb);
    } else {
      comparison(sb, d, palette);
      curves(sb, d, curves, palette);
    }
    if (privacy != null) {
      privacy.append(sb);
    }
    if (!bars.isEmpty()) {
      section(sb, "Per-group results", "groups");
      sb.append("<p class=\"hint\">").append(barsHint(d)).append("</p>\n");
      legend(sb, d.variants().stream().filter(v -> !v.groups().isEmpty()).map(VariantResult::name).toList(), palette);
      grid(sb, bars);
      sb.append("</section>\n");
    }
    spec(sb, d);
    provenance(sb, d);
    sb.append("<footer>Probity run report \u00b7 folder <code>").append(Html.esc(folderName(d)))
        .append("</code> \u00b7 self-contained: no network needed to view it</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void header(StringBuilder sb, RunData d) {
    sb.append("<header>\n<div class=\"title-row\"><h1>").append(Html.esc(d.name())).append("</h1>")
        .append("<span class=\"badge ").append(d.status().label).append("\">").append(d.status().label)
        .append("</span></div>\n<p class=\"meta\">run <code>").append(Html.esc(d.runId())).append("</code>");
    if (d.task() != null) {
      sb.append(" \u00b7 ").append(Html.esc(d.task()));
    }
    if (d.seed() != null) {
      sb.append(" \u00b7 seed ").append(Html.esc(d.seed()));
    }
    if (Double.isFinite(d.seconds())) {
      sb.append(" \u00b7 ").append(Html.seconds(d.seconds()));
    }
    int n = d.federated() == null ? d.variants().size() : d.federated().strategies().size();
    String what = d.federated() == null ? (n == 1 ? " variant" : " variants") : (n == 1 ? " strategy" : " strategies");
    sb.append(" \u00b7 ").append(n).append(what);
    if (d.started() != null) {
      // An ISO instant to the second: the nanoseconds only clutter the line.
      sb.append(" \u00b7 started ").append(Html.esc(d.started().replaceFirst("(T\\d\\d:\\d\\d:\\d\\d)\\.\\d+", "$1")));
    }
    sb.append("</p>\n");
    if (!d.dataInfo().isEmpty()) {
      metaLine(sb, "meta", "data", d.dataInfo());
    }
    if (d.status() == RunStatus.FAILED) {
      sb.append("<div class=\"alert failed\"><strong>The run failed.</strong><pre>")
          .append(Html.esc(d.statusDetail())).append("</pre></div>\n");
    } else if (d.status() == RunStatus.INCOMPLETE) {
      sb.append("<div class=\"alert incomplete\"><strong>The run is incomplete.</strong> ")
          .append(Html.esc(d.statusDetail())).append(" What was recorded is shown below.</div>\n");
    }
    sb.append("</header>\n");
  }

  /** Missing files and other problems; malformed lines are listed up to a limit, then counted. */
  private static void notes(StringBuilder sb, List<Problem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    section(sb, "Notes", "notes");
    Map<String, Integer> malformed = new LinkedHashMap<>();
    for (Problem p : problems) {
      if (p.skippedLine()) {
        malformed.merge(p.file(), 1, Integer::sum);
      }
    }
    sb.append("<ul>\n");
    for (Map.Entry<String, Integer> e : malformed.entrySet()) {
      int k = e.getValue();
      sb.append("<li><strong>").append(k).append(k == 1 ? " malformed line" : " malformed lines")
          .append(" in <code>").append(Html.esc(e.getKey())).append("</code> ")
          .append(k == 1 ? "was" : "were").append(" skipped.</strong></li>\n");
    }
    int listed = 0;
    int unlisted = 0;
    for (Problem p : problems) {
      if (p.skippedLine() && listed >= LISTED_LINE_PROBLEMS) {
        unlisted++;
        continue;
      }
      listed += p.skippedLine() ? 1 : 0;
      sb.append("<li>");
      if (p.file() != null && !p.file().isEmpty()) {
        sb.append("<code>").append(Html.esc(p.line() > 0 ? p.file() + ":" + p.line() : p.file())).append("</code> ");
      }
      sb.append(Html.esc(p.message())).append("</li>\n");
    }
    if (unlisted > 0) {
      sb.append("<li>\u2026 and ").append(unlisted).append(" more malformed ")
          .append(unlisted == 1 ? "line" : "lines").append(".</li>\n");
    }
    sb.append("</ul>\n</section>\n");
  }

  private static void comparison(StringBuilder sb, RunData d, Palette palette) {
    section(sb, "Comparison", "comparison");
    boolean allTest = d.variants().stream().allMatch(VariantResult::fromTest);
    sb.append("<p class=\"hint\">")
        .append(allTest ? "Test metrics of each variant." : "Test metrics where the run got that far; otherwise"
            + " each variant's latest evaluation (see the last column).")
        .append(" \u2191 higher is better, \u2193 lower is better; the best value in each column is highlighted.</p>\n");
    sb.append(ComparisonTable.html(d.variants(), palette));
    sb.append("</section>\n");
  }

  private static void curves(StringBuilder sb, RunData d, List<ChartDrawer.Figure> figures, Palette palette) {
    section(sb, "Training curves", "curves");
    if (figures.isEmpty()) {
      sb.append("<p class=\"empty\">")
          .append(d.metrics().isEmpty() ? "No metrics were recorded." : "The metrics hold no loss or evaluation values to plot.")
          .append("</p>\n</section>\n");
      return;
    }
    sb.append("<p class=\"hint\">Against optimisation step. Training loss is the mean per-example loss of each"
        + " batch, not the objective a variant minimises (a tilted objective lets it rise on outliers);"
        + " evaluation curves use the <code>").append(Html.esc(d.evalSplit())).append("</code> split.</p>\n");
    legend(sb, new ArrayList<>(d.metrics().variants()), palette);
    grid(sb, figures);
    sb.append("</section>\n");
  }

  private static String barsHint(RunData d) {
    boolean allTest = d.variants().stream().filter(v -> !v.groups().isEmpty()).allMatch(VariantResult::fromTest);
    return allTest ? "Test metrics per group, one bar per variant."
        : "Per-group metrics from each variant's latest measurement, one bar per variant.";
  }

  private static void spec(StringBuilder sb, RunData d) {
    section(sb, "Resolved spec", "spec");
    if (d.specText() == null) {
      sb.append("<p class=\"empty\">No readable spec.yaml in the run folder.</p>\n");
    } else {
      sb.append("<p class=\"hint\">spec.yaml: the spec after defaults and <code>--set</code> overrides.</p>\n")
          .append("<pre class=\"spec\">").append(Html.esc(d.specText().stripTrailing())).append("</pre>\n");
    }
    sb.append("</section>\n");
  }

  private static void provenance(StringBuilder sb, RunData d) {
    section(sb, "Provenance", "provenance");
    if (d.provenance() == null) {
      sb.append("<p class=\"empty\">No readable provenance.json in the run folder.</p>\n");
    } else if (d.provenance().isEmpty()) {
      sb.append("<p class=\"empty\">provenance.json is empty.</p>\n");
    } else {
      sb.append("<table class=\"kv\">\n");
      for (Map.Entry<String, String> e : d.provenance()) {
        sb.append("<tr><th>").append(Html.esc(e.getKey())).append("</th><td>").append(Html.esc(e.getValue()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    sb.append("</section>\n");
  }

  static void section(StringBuilder sb, String title, String cls) {
    sb.append("<section class=\"").append(cls).append("\">\n<h2>").append(Html.esc(title)).append("</h2>\n");
  }

  static void legend(StringBuilder sb, List<String> variants, Palette palette) {
    if (variants.size() < 2) {
      return;
    }
    sb.append("<div class=\"legend\">");
    for (String v : variants) {
      sb.append("<span><span class=\"swatch\" style=\"background:").append(palette.css(v)).append("\"></span>")
          .append(Html.esc(v)).append("</span>");
    }
    sb.append("</div>\n");
  }

  private static void grid(StringBuilder sb, List<ChartDrawer.Figure> figures) {
    sb.append("<div class=\"grid\">\n");
    for (ChartDrawer.Figure f : figures) {
      sb.append("<figure><figcaption>").append(Html.esc(f.title())).append("</figcaption>").append(f.html())
          .append("</figure>\n");
    }
    sb.append("</div>\n");
  }

  /** Table variants and then any only in the metrics, so the palette covers both. */
  private static List<String> allVariants(RunData d) {
    Set<String> all = new LinkedHashSet<>(d.variantNames());
    all.addAll(d.metrics().variants());
    return new ArrayList<>(all);
  }

  private static String folderName(RunData d) {
    return d.dir().getFileName() == null ? d.dir().toString() : d.dir().getFileName().toString();
  }

  /** A "label: key value · key value" line of settings, keys with spaces for underscores. */
  static void metaLine(StringBuilder sb, String cssClass, String label, List<Map.Entry<String, String>> entries) {
    sb.append("<p class=\"").append(cssClass).append("\">").append(Html.esc(label));
    String sep = ": ";
    for (Map.Entry<String, String> e : entries) {
      sb.append(sep).append(Html.esc(e.getKey().replace('_', ' '))).append(" <code>").append(Html.esc(e.getValue()))
          .append("</code>");
      sep = " \u00b7 ";
    }
    sb.append("</p>\n");
  }
}
