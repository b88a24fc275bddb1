package org.probity.cli.audit;

import static org.probity.cli.report.ReportKit.esc;

import org.probity.cli.VersionProvider;
import org.probity.cli.report.ReportKit;
import org.probity.privacy.audit.AuditTable;
import org.probity.privacy.audit.EmpiricalEpsilon;

/**
 * The audit's report.html: one self-contained page in the run report's style (its stylesheet,
 * escaping and chart embedding come from {@link ReportKit}), with the verdict first (the proven ε
 * lower bound next to the accountant's ε, or the note that there is no guarantee), then the table
 * that matters for membership inference (TPR at 0.1% and 1% FPR with intervals, after Carlini et
 * al. 2022, AUROC, the ε bound) beside the log-log ROC chart. A chart that cannot be drawn (a JVM
 * without fonts) leaves a placeholder; the numbers still render.
 */
final class AuditPage {
  static final String CSS = """
      .verdict { border-radius: 8px; padding: 12px 16px; font-size: 15px; margin: 0; }
      .verdict.ok { background: #f0fdf4; border: 1px solid #bbf7d0; color: #14532d; }
      .verdict.none { background: #f8fafc; border: 1px solid var(--line); }
      .verdict.contradiction { background: #fef2f2; border: 2px solid #dc2626; color: #7f1d1d; }
      .verdict.contradiction strong { display: block; font-size: 17px; margin-bottom: 4px; }
      .epsilons { display: flex; flex-wrap: wrap; gap: 10px 40px; margin: 0 0 14px; }
      .epsilons div { font-size: 14px; color: var(--muted); }
      .epsilons b { display: block; font-size: 22px; color: var(--ink); font-weight: 650; }
      .guarantee { font-size: 13px; color: var(--muted); margin: 10px 0 0; overflow-wrap: anywhere; }
      td.why { color: var(--muted); white-space: normal !important; }
      """;

  private AuditPage() {}

  /** The page of {@code r}, whose (thinned) ROC points are {@code points}, written to folder {@code folderName}. */
  static String html(AuditResult r, double[][] points, String folderName) {
    String chart = chart(r, points);
    StringBuilder sb = new StringBuilder(128 * 1024);
    String title = "Audit of run " + r.runId();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"Probity\">\n")
        .append("<title>").append(esc(title)).append(" \u2014 Probity audit report</title>\n")
        .append("<style>\n").append(ReportKit.css()).append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
    header(sb, r, title);
    privacy(sb, r);
    results(sb, r, chart);
    sb.append("<footer>Probity audit report \u00b7 folder <code>").append(esc(folderName)).append("</code> \u00b7 probity ")
        .append(esc(VersionProvider.version()))
        .append(" \u00b7 self-contained: no network needed to view it</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void header(StringBuilder sb, AuditResult r, String title) {
    sb.append("<header>\n<div class=\"title-row\"><h1>").append(esc(title)).append("</h1>");
    if (r.isPrivate()) {
      sb.append(r.contradicts() ? "<span class=\"badge failed\">contradicts the guarantee</span>"
          : "<span class=\"badge complete\">consistent</span>");
    }
    sb.append("</div>\n<p class=\"meta\">variant <code>").append(esc(r.variant())).append("</code> \u00b7 attack <code>")
        .append(esc(r.attack())).append("</code> \u00b7 population: ").append(esc(r.population())).append(" \u00b7 ")
        .append(ReportKit.count(r.members())).append(" members, ").append(ReportKit.count(r.nonMembers()))
        .append(" non-members \u00b7 seed ").append(r.seed());
    if (r.shadows() > 0) {
      sb.append(" \u00b7 ").append(r.shadows()).append(r.shadows() == 1 ? " shadow model" : " shadow models");
    }
    sb.append(" \u00b7 ").append(ReportKit.seconds(r.seconds())).append("</p>\n</header>\n");
  }

  private static void privacy(StringBuilder sb, AuditResult r) {
    section(sb, "Privacy", "privacy");
    if (!r.isPrivate()) {
      sb.append("<p class=\"verdict none\">").append(esc(r.comparison())).append("</p>\n</section>\n");
      return;
    }
    AuditTable t = r.table();
    sb.append("<div class=\"epsilons\">")
        .append("<div>accountant guarantees<b>\u03b5 \u2264 ").append(AuditText.eps(r.accountantEpsilon()))
        .append("</b>at \u03b4 = ").append(AuditText.delta(r.delta())).append("</div>")
        .append("<div>attack proves<b>\u03b5 \u2265 ").append(AuditText.eps(r.empiricalEpsilon()))
        .append("</b>at \u03b4 = ").append(AuditText.delta(t.delta())).append(", ")
        .append(AuditText.percent(t.confidence())).append(" confidence</div>")
        .append("</div>\n");
    if (r.contradicts()) {
      sb.append("<div class=\"verdict contradiction\"><strong>Warning: the audit contradicts the privacy guarantee.</strong>")
          .append(esc(r.comparison())).append("</div>\n");
    } else {
      sb.append("<p class=\"verdict ok\">").append(esc(r.comparison())).append("</p>\n");
    }
    if (r.guarantee() != null && !r.guarantee().isBlank()) {
      sb.append("<p class=\"guarantee\">Guarantee: ").append(esc(r.guarantee())).append("</p>\n");
    }
    sb.append("</section>\n");
  }

  private static void results(StringBuilder sb, AuditResult r, String chart) {
    AuditTable t = r.table();
    String level = AuditText.percent(t.confidence());
    section(sb, "Membership inference", "results");
    sb.append("<p class=\"hint\">How well the attack tells members from non-members. What matters is the TPR at a low"
        + " FPR (members identified with confidence), not the AUROC (right on average); 0.5 AUROC and TPR equal to"
        + " FPR is chance. Intervals: ").append(level).append(" bootstrap.</p>\n");
    sb.append("<div class=\"grid\">\n<div class=\"scroll\"><table class=\"cmp\">\n<thead><tr><th>metric</th>")
        .append("<th class=\"num\">value</th><th>").append(level).append(" interval</th></tr></thead>\n<tbody>\n");
    sb.append("<tr><td>AUROC</td><td class=\"num\">").append(ReportKit.num(t.auroc()))
        .append("</td><td class=\"na\">\u2014</td></tr>\n");
    for (AuditTable.Row row : t.rows()) {
      sb.append("<tr><td>TPR at ").append(AuditText.percent(row.fpr())).append(" FPR</td>");
      if (row.interval() == null) {
        sb.append("<td class=\"why\" colspan=\"2\">not measured: needs at least ")
            .append(ReportKit.count(AuditJson.needed(row.fpr()))).append(" non-members, got ")
            .append(ReportKit.count(r.nonMembers())).append("</td></tr>\n");
      } else {
        sb.append("<td class=\"num\">").append(ReportKit.num(row.tpr())).append("</td><td class=\"num\">[")
            .append(ReportKit.num(row.interval().low())).append(", ").append(ReportKit.num(row.interval().high()))
            .append("]</td></tr>\n");
      }
    }
    EmpiricalEpsilon.Result e = t.epsilon();
    sb.append("<tr><td>\u03b5 lower bound (\u03b4 = ").append(AuditText.delta(t.delta())).append(")</td><td class=\"num\">")
        .append(AuditText.eps(e.epsilon())).append("</td><td class=\"why\">");
    if (e.epsilon() > 0) {
      sb.append(level).append(" Clopper\u2013Pearson; at TPR ").append(ReportKit.num(e.tpr())).append(", FPR ")
          .append(ReportKit.num(e.fpr()));
    } else {
      sb.append("no threshold gives evidence at ").append(level).append(" confidence");
    }
    sb.append("</td></tr>\n</tbody>\n</table></div>\n");
    sb.append("<figure><figcaption>ROC curve (log-log)</figcaption>").append(chart)
        .append("<p class=\"hint\" style=\"margin:4px 0 0\">Dashed: chance. Dots: the table's TPR at low FPR."
            + " Zero rates are drawn at one example (1/").append(ReportKit.count(r.nonMembers()))
        .append(" FPR, 1/").append(ReportKit.count(r.members())).append(" TPR).</p></figure>\n</div>\n</section>\n");
  }

  private static String chart(AuditResult r, double[][] points) {
    try {
      return ReportKit.imgTag(RocChart.of(r, points), ReportKit.CHART_WIDTH, ReportKit.CHART_HEIGHT,
          "ROC curve of the " + r.attack() + " attack on log-log axes");
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      // InternalError: what a JVM without fontconfig or fonts throws on the first text drawn.
      return ReportKit.missingChart("chart not drawn (" + e + "); the numbers in the table are unaffected");
    }
  }

  private static void section(StringBuilder sb, String title, String cls) {
    sb.append("<section class=\"").append(cls).append("\">\n<h2>").append(esc(title)).append("</h2>\n");
  }
}
