package org.probity.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart: training loss and evaluation metrics against step (one
 * line per variant), and per-group test metrics as grouped bars (one bar per variant). Titles and
 * the legend live in the HTML, where text is crisp and one legend serves every chart; the charts
 * keep only axes, so a variant has the same colour everywhere. This class decides what to plot;
 * {@link ChartDrawer} draws the plans.
 */
final class Charts {
  static final int WIDTH = 520;
  static final int HEIGHT = 300;
  /** Points per line: enough to show the shape of a noisy loss, small enough to draw fast. */
  static final int MAX_POINTS = 600;
  /** Below this many points per line, markers show where the evaluations are. */
  static final int MARKERS_UP_TO = 30;

  private static final Color INK = new Color(0x374151);
  private static final Color GRID = new Color(0xE5E7EB);
  private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font TITLES = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  static {
    Headless.ensure();
  }

  /** A chart to draw: its caption and how to build it (null from the maker: nothing to plot). */
  record Plan(String title, ChartMaker maker) {}

  /** Builds one XChart chart; may throw whatever XChart or AWT throws. */
  interface ChartMaker {
    Chart<?, ?> make() throws Exception;
  }

  private final Palette palette;

  Charts(Palette palette) {
    this.palette = palette;
  }

  /**
   * Against step: training loss, evaluation loss, the task's metric (accuracy or RMSE), and the
   * worst-group metric when there are groups (else the calibration error).
   */
  List<Plan> curves(RunData d) {
    List<Plan> out = new ArrayList<>();
    if (d.metrics().isEmpty()) {
      return out;
    }
    MetricsLog m = d.metrics();
    String eval = d.evalSplit();
    line(out, d, "train", "loss", "Training loss", "loss");
    boolean regression = d.regression() || !m.has(eval, "accuracy") && (m.has(eval, "rmse") || m.has(eval, "mse"));
    if (regression) {
      String key = m.has(eval, "rmse") ? "rmse" : "mse";
      line(out, d, eval, key, "Evaluation " + key.toUpperCase(Locale.ROOT), key);
      line(out, d, eval, "worst_group_loss", "Evaluation worst-group loss", "worst-group loss");
    } else {
      line(out, d, eval, "loss", "Evaluation loss", "loss");
      line(out, d, eval, "accuracy", "Evaluation accuracy", "accuracy");
      if (m.has(eval, "worst_group_accuracy")) {
        line(out, d, eval, "worst_group_accuracy", "Evaluation worst-group accuracy", "worst-group accuracy");
      } else if (m.has(eval, "worst_group_loss")) {
        line(out, d, eval, "worst_group_loss", "Evaluation worst-group loss", "worst-group loss");
      } else {
        // Without groups, calibration fills the fourth place: it is where ERM on noisy labels suffers.
        line(out, d, eval, "ece", "Evaluation calibration error (ECE)", "ECE");
      }
    }
    return out;
  }

  /** One grouped bar chart per per-group metric (group_accuracy, group_loss, ...) of the table rows. */
  List<Plan> groupBars(RunData d) {
    Set<String> keys = new TreeSet<>((a, b) -> {
      int c = Integer.compare(groupRank(a), groupRank(b));
      return c != 0 ? c : a.compareTo(b);
    });
    for (VariantResult v : d.variants()) {
      keys.addAll(v.groups().keySet());
    }
    List<Plan> out = new ArrayList<>();
    boolean allTest = d.variants().stream().filter(v -> !v.groups().isEmpty()).allMatch(VariantResult::fromTest);
    for (String key : keys) {
      String metric = key.startsWith("group_") ? key.substring("group_".length()) : key;
      String title = (allTest ? "Test " : "Latest ") + MetricKind.of(metric).label().toLowerCase(Locale.ROOT)
          + " by group";
      out.add(new Plan(title, () -> bars(d, key, metric)));
    }
    return out;
  }

  private static int groupRank(String key) {
    return switch (key) {
      case "group_accuracy" -> 0;
      case "group_loss" -> 1;
      default -> 2;
    };
  }

  private void line(List<Plan> out, RunData d, String split, String key, String title, String yTitle) {
    MetricsLog m = d.metrics();
    if (!m.has(split, key)) {
      return;
    }
    out.add(new Plan(title, () -> {
      XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("step").yAxisTitle(yTitle).build();
      style(c.getStyler());
      c.getStyler().setXAxisDecimalPattern("#,##0");
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double firstStep = Double.POSITIVE_INFINITY;
      Set<String> names = new LinkedHashSet<>();
      for (String variant : d.variantNames()) {
        MetricsLog.Curve curve = m.curve(variant, split, key, MAX_POINTS);
        if (curve.size() == 0) {
          continue;
        }
        for (double y : curve.y()) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
        firstStep = Math.min(firstStep, curve.x()[0]);
        // Added last step first: XChart puts ticks at every k-th data value when the x values are
        // equally spaced (logged steps are), giving ticks like 10, 130, 250; in this order its
        // usual round-number ticks apply. The line drawn is the same.
        XYSeries s = c.addSeries(unique(names, variant), reversed(curve.x()), reversed(curve.y()));
        Color col = palette.of(variant);
        s.setLineColor(col);
        s.setMarkerColor(col);
        // Dense, noisy training curves overlap less with a thinner line.
        s.setLineStyle(new BasicStroke(curve.size() > 100 ? 1.4f : 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setMarker(curve.size() <= MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      }
      if (names.isEmpty()) {
        return null;
      }
      // Steps count from zero; without this XChart starts the ticks at the first logged step (10, 130, 250, ...).
      if (firstStep >= 0) {
        c.getStyler().setXAxisMin(0.0);
      }
      // A loss that falls by orders of magnitude is only readable on a log scale.
      if (key.contains("loss") && lo > 0 && hi / lo > 100) {
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmicDecadeOnly(true);
        c.setYAxisTitle(yTitle + " (log scale)");
      }
      return c;
    }));
  }

  private CategoryChart bars(RunData d, String key, String metric) {
    Set<String> groups = new TreeSet<>(MetricRow::compareGroups);
    for (VariantResult v : d.variants()) {
      Map<String, Double> g = v.groups().get(key);
      if (g != null) {
        groups.addAll(g.keySet());
      }
    }
    List<String> cats = new ArrayList<>(groups);
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("group")
        .yAxisTitle(metric.replace('_', ' ')).build();
    style(c.getStyler());
    c.getStyler().setAvailableSpaceFill(0.75);
    c.getStyler().setOverlapped(false);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    if (cats.size() > 12) {
      c.getStyler().setXAxisLabelRotation(60);
    }
    boolean nonNegative = true;
    Set<String> names = new LinkedHashSet<>();
    for (VariantResult v : d.variants()) {
      Map<String, Double> g = v.groups().get(key);
      if (g == null) {
        continue;
      }
      List<Double> ys = new ArrayList<>(cats.size());
      for (String cat : cats) {
        Double y = g.get(cat);
        boolean finite = y != null && Double.isFinite(y);
        ys.add(finite ? y : null);
        nonNegative &= !finite || y >= 0;
      }
      CategorySeries s = c.addSeries(unique(names, v.name()), cats, ys);
      s.setFillColor(palette.of(v.name()));
    }
    if (nonNegative) {
      c.getStyler().setYAxisMin(0.0);
    }
    return c;
  }

  /** The shared look: white, light grid, no chart title or legend (the page carries those). */
  static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleVisible(false);
    s.setLegendVisible(false);
    s.setChartFontColor(INK);
    s.setAxisTickLabelsColor(INK);
    s.setAxisTickLabelsFont(TICKS);
    s.setAxisTitleFont(TITLES);
    s.setAxisTickMarksColor(GRID);
    s.setAxisTicksLineVisible(false);
    s.setPlotTicksMarksVisible(false);
    s.setChartPadding(6);
    s.setPlotMargin(4);
    s.setXAxisTickMarkSpacingHint(90);
    s.setMarkerSize(6);
    s.setAntiAlias(true);
    s.setToolTipsEnabled(false);
  }

  static double[] reversed(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  /** XChart needs distinct series names; variant names are distinct, but be safe. */
  static String unique(Set<String> names, String name) {
    String n = name;
    for (int i = 2; !names.add(n); i++) {
      n = name + " (" + i + ")";
    }
    return n;
  }
}
