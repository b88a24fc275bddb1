package org.probity.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The federated charts: client-mean test accuracy against round (one line per strategy; rounds
 * that were not evaluated have no accuracy and leave no point), the same for the server's central
 * test set when the run held one out, the final per-client test accuracy as one box per strategy,
 * and the fraction of clients each strategy leaves worse off than FedAvg and than Local (the
 * question personalised federated learning asks: does joining the federation hurt anyone?). Like
 * {@link Charts} it only plans what to draw; {@link ChartDrawer} draws, and the page carries the
 * titles and legends.
 */
final class FederatedCharts {
  static final String CLIENT_MEAN = "client_mean_accuracy";
  static final String CENTRAL = "central_accuracy";
  static final String ROUND_TITLE = "Client-mean test accuracy per round";
  static final String CENTRAL_TITLE = "Central test accuracy per round";
  static final String BOX_TITLE = "Final test accuracy per client";
  static final String HURT_TITLE = "Fraction of clients hurt";
  /**
   * The two hurt series: a medium and a light slate, apart from every strategy colour and light
   * enough for the dark value labels, which also stand on the white below a bar of zero.
   */
  static final Color VS_FEDAVG = new Color(0x8A9AB0);
  static final Color VS_LOCAL = new Color(0xD0D8E2);
  private static final Color INK = new Color(0x374151);

  private static final Font LABELS = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  private final Palette palette;

  FederatedCharts(Palette palette) {
    this.palette = palette;
  }

  List<Charts.Plan> plans(RunData d, FederatedRun f) {
    List<Charts.Plan> out = new ArrayList<>();
    List<String> names = f.strategies().stream().map(StrategyRow::name).toList();
    if (d.metrics().has(FederatedRun.ROUND, CLIENT_MEAN)) {
      out.add(new Charts.Plan(ROUND_TITLE, () -> roundLines(d.metrics(), names, CLIENT_MEAN, "client-mean accuracy")));
    }
    if (d.metrics().has(FederatedRun.ROUND, CENTRAL)) {
      out.add(new Charts.Plan(CENTRAL_TITLE, () -> roundLines(d.metrics(), names, CENTRAL, "central accuracy")));
    }
    if (f.anyClients()) {
      out.add(new Charts.Plan(BOX_TITLE, () -> boxes(f)));
    }
    if (f.anyHurt()) {
      out.add(new Charts.Plan(HURT_TITLE, () -> hurt(f)));
    }
    return out;
  }

  /** The metric against round for one strategy: evaluated rounds only, ordered, finite. */
  static MetricsLog.Curve roundCurve(MetricsLog m, String strategy, String key) {
    return m.curve(strategy, FederatedRun.ROUND, key, Charts.MAX_POINTS);
  }

  /**
   * Groups of strategies whose curves of {@code key} are identical (two or more each): FineTune and
   * Ditto train FedAvg's global model, so their central lines lie exactly on FedAvg's and only the
   * last one drawn would show without a word on the page.
   */
  static List<List<String>> coinciding(MetricsLog m, List<String> strategies, String key) {
    List<List<String>> groups = new ArrayList<>();
    List<MetricsLog.Curve> firsts = new ArrayList<>();
    for (String s : strategies) {
      MetricsLog.Curve c = roundCurve(m, s, key);
      if (c.size() == 0) {
        continue;
      }
      int g = 0;
      while (g < firsts.size() && !(Arrays.equals(firsts.get(g).x(), c.x()) && Arrays.equals(firsts.get(g).y(), c.y()))) {
        g++;
      }
      if (g == firsts.size()) {
        firsts.add(c);
        groups.add(new ArrayList<>());
      }
      groups.get(g).add(s);
    }
    groups.removeIf(g -> g.size() < 2);
    return groups;
  }

  private XYChart roundLines(MetricsLog m, List<String> strategies, String key, String yTitle) {
    XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).xAxisTitle("round").yAxisTitle(yTitle)
        .build();
    Charts.style(c.getStyler());
    // Rounds are whole numbers: with integer labels XChart avoids ticks at 0.5, 1.5, ... (they would repeat).
    c.getStyler().setXAxisDecimalPattern("#,##0");
    double first = Double.POSITIVE_INFINITY;
    Set<String> names = new LinkedHashSet<>();
    for (String s : strategies) {
      MetricsLog.Curve curve = roundCurve(m, s, key);
      if (curve.size() == 0) {
        continue;
      }
      first = Math.min(first, curve.x()[0]);
      // Last round first, for the same tick reason as the training curves (see Charts).
      XYSeries series = c.addSeries(Charts.unique(names, s), Charts.reversed(curve.x()), Charts.reversed(curve.y()));
      Color col = palette.of(s);
      series.setLineColor(col);
      series.setMarkerColor(col);
      series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      series.setMarker(curve.size() <= Charts.MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    if (names.isEmpty()) {
      return null;
    }
    if (first >= 0) {
      c.getStyler().setXAxisMin(0.0);
    }
    return c;
  }

  private BoxPlotChart boxes(FederatedRun f) {
    List<BoxPlotChart.Box> boxes = new ArrayList<>();
    for (StrategyRow s : f.strategies()) {
      double[] v = FederatedFolderReader.finiteValues(s.clients());
      if (v.length > 0) {
        boxes.add(new BoxPlotChart.Box(s.name(), palette.of(s.name()), v));
      }
    }
    return boxes.isEmpty() ? null : new BoxPlotChart(Charts.WIDTH, Charts.HEIGHT, boxes, "test accuracy");
  }

  /** Strategies with at least one hurt fraction; a series only for a baseline that is present. */
  private CategoryChart hurt(FederatedRun f) {
    List<String> cats = new ArrayList<>();
    List<Double> vsFedavg = new ArrayList<>();
    List<Double> vsLocal = new ArrayList<>();
    boolean anyFedavg = false;
    boolean anyLocal = false;
    for (StrategyRow s : f.strategies()) {
      boolean a = Double.isFinite(s.hurtVsFedavg());
      boolean b = Double.isFinite(s.hurtVsLocal());
      if (!a && !b) {
        continue;
      }
      cats.add(s.name());
      vsFedavg.add(a ? s.hurtVsFedavg() : null);
      vsLocal.add(b ? s.hurtVsLocal() : null);
      anyFedavg |= a;
      anyLocal |= b;
    }
    if (cats.isEmpty()) {
      return null;
    }
    CategoryChart c = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).xAxisTitle("strategy")
        .yAxisTitle("fraction of clients worse off").build();
    Charts.style(c.getStyler());
    c.getStyler().setAvailableSpaceFill(0.7);
    c.getStyler().setOverlapped(false);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    // A fixed 0..1 scale: a fraction of 0.08 should look small, not fill the chart.
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(1.0);
    c.getStyler().setLabelsVisible(true);
    c.getStyler().setLabelsFont(LABELS);
    c.getStyler().setLabelsFontColorAutomaticEnabled(false);
    c.getStyler().setLabelsFontColor(INK);
    c.getStyler().setDecimalPattern("0.00");
    if (cats.size() > 8) {
      c.getStyler().setXAxisLabelRotation(45);
    }
    if (anyFedavg) {
      CategorySeries s = c.addSeries("vs FedAvg", cats, vsFedavg);
      s.setFillColor(VS_FEDAVG);
    }
    if (anyLocal) {
      CategorySeries s = c.addSeries("vs Local", cats, vsLocal);
      s.setFillColor(VS_LOCAL);
    }
    return c;
  }
}
