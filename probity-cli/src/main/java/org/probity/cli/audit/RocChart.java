package org.probity.cli.audit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.probity.cli.report.ReportKit;
import org.probity.privacy.audit.AuditTable;

/**
 * The audit report's ROC chart on log-log axes, as Carlini et al. 2022 ("Membership inference
 * attacks from first principles") draw it: on linear axes every attack looks like the diagonal near
 * the origin, where the privacy risk is, and the log scale spreads that corner over decades. Zero
 * rates have no place on a log axis, so they are drawn at the smallest rate the audit can resolve
 * (one example: 1/non-members for FPR, 1/members for TPR). The chance diagonal is dashed, and the
 * table's TPR-at-FPR points are marked so chart and table can be read together.
 */
final class RocChart {
  private static final Color CURVE = new Color(0x4E79A7);
  private static final Color CHANCE = new Color(0x9CA3AF);
  private static final Color MARK = new Color(0xE15759);
  private static final float[] DASH = {6f, 5f};

  static {
    ReportKit.headless();
  }

  private RocChart() {}

  /** The chart of {@code points} (thinned {fpr, tpr} pairs) of an audit of {@code r}. */
  static XYChart of(AuditResult r, double[][] points) {
    double fx = 1.0 / r.nonMembers();
    double fy = 1.0 / r.members();
    double lo = Math.min(fx, fy);
    XYChart c = new XYChartBuilder().width(ReportKit.CHART_WIDTH).height(ReportKit.CHART_HEIGHT)
        .xAxisTitle("false positive rate (log scale)").yAxisTitle("true positive rate (log scale)").build();
    ReportKit.style(c.getStyler());
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setXAxisMin(fx);
    c.getStyler().setXAxisMax(1.0);
    c.getStyler().setYAxisMin(lo);
    c.getStyler().setYAxisMax(1.0);
    c.getStyler().setXAxisDecimalPattern("0.####");
    c.getStyler().setYAxisDecimalPattern("0.####");

    XYSeries chance = c.addSeries("chance", new double[] {fx, 1}, new double[] {fx, 1});
    chance.setLineColor(CHANCE);
    chance.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASH, 0f));
    chance.setMarker(SeriesMarkers.NONE);

    double[] x = new double[points.length];
    double[] y = new double[points.length];
    for (int k = 0; k < points.length; k++) {
      x[k] = Math.max(points[k][0], fx);
      y[k] = Math.max(points[k][1], fy);
    }
    XYSeries roc = c.addSeries("ROC", x, y);
    roc.setLineColor(CURVE);
    roc.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    roc.setMarker(SeriesMarkers.NONE);

    List<Double> mx = new ArrayList<>();
    List<Double> my = new ArrayList<>();
    for (AuditTable.Row row : r.table().rows()) {
      if (row.interval() != null) {
        mx.add(row.fpr());
        my.add(Math.max(row.tpr(), fy));
      }
    }
    if (!mx.isEmpty()) {
      XYSeries marks = c.addSeries("TPR at FPR", mx, my);
      marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      marks.setMarker(SeriesMarkers.CIRCLE);
      marks.setMarkerColor(MARK);
    }
    return c;
  }
}
