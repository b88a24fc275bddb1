package org.probity.cli.report;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart a sweep report draws for each swept key: the metric of every trial against the key's
 * value, as points (one series per halving rung, so a larger budget reads as another colour), on a
 * logarithmic axis for keys drawn log-uniformly, and with the listed values as ticks for keys whose
 * values are names. Drawn like the run report's charts ({@link Charts#style}, {@link ChartImage}),
 * so a sweep's page looks like a run's.
 */
public final class SweepCharts {
  private SweepCharts() {}

  /** One series of points: its name (a rung's budget, or "trials") and coordinates. */
  public record Series(String name, double[] x, double[] y) {}

  /**
   * The chart as an {@code <img>} tag. {@code categories}, when not null, names the x positions
   * 0, 1, ... (values that are not numbers).
   */
  public static String scatter(String key, String metric, boolean logX, List<String> categories,
      List<Series> series) throws IOException {
    XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).xAxisTitle(key).yAxisTitle(metric)
        .build();
    Charts.style(c.getStyler());
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setLegendVisible(series.size() > 1);
    c.getStyler().setMarkerSize(8);
    if (logX) {
      c.getStyler().setXAxisLogarithmic(true);
    }
    if (categories != null) {
      c.getStyler().setXAxisMin(-0.5);
      c.getStyler().setXAxisMax(categories.size() - 0.5);
      c.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
        long i = Math.round(v);
        return Math.abs(v - i) < 1e-9 && i >= 0 && i < categories.size() ? categories.get((int) i) : "";
      });
    }
    Set<String> names = new HashSet<>();
    Palette palette = new Palette(series.stream().map(Series::name).toList());
    int drawn = 0;
    for (Series s : series) {
      if (s.x().length == 0) {
        continue;
      }
      XYSeries xs = c.addSeries(Charts.unique(names, s.name()), s.x(), s.y());
      xs.setMarker(SeriesMarkers.CIRCLE);
      xs.setMarkerColor(palette.of(s.name()));
      drawn++;
    }
    if (drawn == 0) {
      return "<p class=\"note\">No trial of this key has a finite " + Html.esc(metric) + " yet.</p>";
    }
    return ChartImage.imgTag(c, Charts.WIDTH, Charts.HEIGHT, metric + " against " + key);
  }

  /** Escapes text for an HTML page (the report's own escaping). */
  public static String esc(String s) {
    return Html.esc(s);
  }
}
