package org.probity.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.probity.federated.metrics.ClientDistribution;

/**
 * A box plot of per-client values, one box per strategy in the strategy's page colour: box from
 * the 25th to the 75th percentile, a bar at the median, whiskers to the 10th and 90th percentiles
 * (the clients below the lower whisker are the worst decile the table's "worst 10%" averages), and
 * every client as a jittered dot so that a dozen clients are not hidden behind quartiles.
 * XChart's own BoxChart paints in fixed blue and red and cannot take the page's colours, so this is
 * a CategoryChart (category axis, grid and fonts exactly like the other charts) carrying one
 * invisible series, with the boxes and dots painted in data coordinates once XChart has laid out
 * the axes. Percentiles follow {@link ClientDistribution}, the definitions summary.json uses.
 */
final class BoxPlotChart extends CategoryChart {
  /** Half the width of the band the dots spread over, as a fraction of a category's slot. */
  static final double JITTER = 0.12;
  private static final double GOLDEN = 0.6180339887498949;

  /** One strategy's box: its name, colour and per-client values (finite). */
  record Box(String name, Color colour, double[] values) {}

  private final List<Box> boxes;
  private final List<double[]> sorted = new ArrayList<>();

  BoxPlotChart(int width, int height, List<Box> boxes, String yTitle) {
    super(width, height);
    if (boxes.isEmpty()) {
      throw new IllegalArgumentException("box plot: no boxes");
    }
    this.boxes = List.copyOf(boxes);
    setXAxisTitle("strategy");
    setYAxisTitle(yTitle);
    Charts.style(getStyler());
    getStyler().setPlotGridVerticalLinesVisible(false);
    if (boxes.size() > 6) {
      getStyler().setXAxisLabelRotation(45);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    List<String> names = new ArrayList<>();
    List<Double> medians = new ArrayList<>();
    for (Box b : this.boxes) {
      double[] s = b.values().clone();
      Arrays.sort(s);
      sorted.add(s);
      names.add(b.name());
      medians.add(s.length == 0 ? null : ClientDistribution.percentileOfSorted(s, 0.5));
      if (s.length > 0) {
        lo = Math.min(lo, s[0]);
        hi = Math.max(hi, s[s.length - 1]);
      }
    }
    if (!Double.isFinite(lo)) {
      throw new IllegalArgumentException("box plot: no values");
    }
    // The axis is set from all values: the only series holds the medians and draws nothing.
    double pad = Math.max(0.01, 0.06 * (hi - lo));
    getStyler().setYAxisMin(lo >= 0 ? Math.max(0, lo - pad) : lo - pad);
    getStyler().setYAxisMax(hi <= 1 ? Math.min(1, hi + pad) : hi + pad);
    CategorySeries anchor = addSeries("median", names, medians);
    anchor.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    anchor.setMarker(SeriesMarkers.NONE);
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    super.paint(g, width, height);
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      // Category i spans screen x from getScreenXFromChart(i) to getScreenXFromChart(i + 1).
      double slot = Math.abs(getScreenXFromChart(1) - getScreenXFromChart(0));
      if (!(slot > 0)) {
        return;
      }
      // Wide enough to hold the dots, narrow enough not to read as a bar.
      double half = Math.max(Math.min(0.28 * slot, 40), (JITTER + 0.03) * slot);
      for (int i = 0; i < boxes.size(); i++) {
        double[] s = sorted.get(i);
        if (s.length > 0) {
          paintBox(g2, boxes.get(i), s, getScreenXFromChart(i + 0.5), half, slot);
        }
      }
    } finally {
      g2.dispose();
    }
  }

  private void paintBox(Graphics2D g, Box box, double[] s, double x, double half, double slot) {
    Color c = box.colour();
    double y10 = getScreenYFromChart(ClientDistribution.percentileOfSorted(s, 0.10));
    double y25 = getScreenYFromChart(ClientDistribution.percentileOfSorted(s, 0.25));
    double y50 = getScreenYFromChart(ClientDistribution.percentileOfSorted(s, 0.50));
    double y75 = getScreenYFromChart(ClientDistribution.percentileOfSorted(s, 0.75));
    double y90 = getScreenYFromChart(ClientDistribution.percentileOfSorted(s, 0.90));
    if (!(Double.isFinite(y10) && Double.isFinite(y90))) {
      return;
    }
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
    g.fill(new Rectangle2D.Double(x - half, y75, 2 * half, y25 - y75));
    g.setColor(c);
    g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new Line2D.Double(x, y75, x, y90));
    g.draw(new Line2D.Double(x, y25, x, y10));
    g.draw(new Line2D.Double(x - half / 2, y90, x + half / 2, y90));
    g.draw(new Line2D.Double(x - half / 2, y10, x + half / 2, y10));
    g.setStroke(new BasicStroke(1.6f));
    g.draw(new Rectangle2D.Double(x - half, y75, 2 * half, y25 - y75));
    // Dots in the order of the client ids, spread by a low-discrepancy sequence (no pile-ups).
    double[] values = box.values();
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
    double r = 2.6;
    for (int k = 0; k < values.length; k++) {
      double dx = ((k * GOLDEN) % 1.0 - 0.5) * 2 * JITTER * slot;
      double y = getScreenYFromChart(values[k]);
      g.fill(new Ellipse2D.Double(x + dx - r, y - r, 2 * r, 2 * r));
    }
    g.setColor(c.darker());
    g.setStroke(new BasicStroke(2.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    g.draw(new Line2D.Double(x - half, y50, x + half, y50));
  }
}
