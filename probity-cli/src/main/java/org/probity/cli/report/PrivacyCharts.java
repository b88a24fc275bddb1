package org.probity.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The privacy chart: ε spent against step (central runs, from the eval lines of metrics.jsonl) or
 * against round (federated runs, from the round lines), one line per private variant or strategy
 * in its page colour, with its ε budget, when it has one, as a dashed line of the same colour. It
 * shows how fast a run spends its privacy: by RDP composition ε grows roughly like the square
 * root of the steps, so a budget is met late and a longer run costs less per step than the first.
 * Like {@link Charts} it only plans; {@link ChartDrawer} draws.
 */
final class PrivacyCharts {
  static final String STEP_TITLE = "Privacy spent: ε against step";
  static final String ROUND_TITLE = "Privacy spent: ε against round";

  private static final float[] DASH = {6f, 5f};

  private final Palette palette;

  PrivacyCharts(Palette palette) {
    this.palette = palette;
  }

  /** The split whose lines carry ε: the round lines of a federated run, else the eval lines; null if none. */
  static String split(RunData d) {
    if (d.federated() != null) {
      return d.metrics().has(FederatedRun.ROUND, PrivacyRow.EPSILON) ? FederatedRun.ROUND : null;
    }
    return d.metrics().has(d.evalSplit(), PrivacyRow.EPSILON) ? d.evalSplit() : null;
  }

  /** The ε chart of {@code d}, or none when no line carries ε. */
  List<Charts.Plan> plans(RunData d, List<String> names, Map<String, Double> budgets) {
    String split = split(d);
    if (split == null) {
      return List.of();
    }
    boolean rounds = FederatedRun.ROUND.equals(split);
    return List.of(new Charts.Plan(rounds ? ROUND_TITLE : STEP_TITLE,
        () -> chart(d.metrics(), split, rounds ? "round" : "step", names, budgets)));
  }

  private XYChart chart(MetricsLog m, String split, String xTitle, List<String> names, Map<String, Double> budgets) {
    XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).xAxisTitle(xTitle)
        .yAxisTitle("ε spent").build();
    Charts.style(c.getStyler());
    c.getStyler().setXAxisDecimalPattern("#,##0");
    Set<String> series = new LinkedHashSet<>();
    double lastX = 0;
    for (String name : names) {
      MetricsLog.Curve curve = m.curve(name, split, PrivacyRow.EPSILON, Charts.MAX_POINTS);
      if (curve.size() == 0) {
        continue;
      }
      lastX = Math.max(lastX, curve.x()[curve.size() - 1]);
      // Prepended (0, 0): no step, no privacy spent; it also anchors the axis at zero.
      double[] x = new double[curve.size() + 1];
      double[] y = new double[curve.size() + 1];
      System.arraycopy(curve.x(), 0, x, 1, curve.size());
      System.arraycopy(curve.y(), 0, y, 1, curve.size());
      // Last point first, for the tick reason given in Charts.
      XYSeries s = c.addSeries(Charts.unique(series, name), Charts.reversed(x), Charts.reversed(y));
      Color col = palette.of(name);
      s.setLineColor(col);
      s.setMarkerColor(col);
      s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      s.setMarker(curve.size() <= Charts.MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    if (series.isEmpty()) {
      return null;
    }
    for (String name : names) {
      Double b = budgets.get(name);
      if (b == null || !Double.isFinite(b) || !series.contains(name)) {
        continue;
      }
      XYSeries s = c.addSeries(Charts.unique(series, name + " budget"), new double[] {lastX, 0},
          new double[] {b, b});
      s.setLineColor(palette.of(name));
      s.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASH, 0f));
      s.setMarker(SeriesMarkers.NONE);
    }
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setYAxisMin(0.0);
    return c;
  }
}
