package org.probity.cli.report;

import java.io.IOException;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * The run report's look, opened to other pages that should read like it (the audit report of
 * {@code org.probity.cli.audit}): the inline stylesheet, HTML escaping, the number formats, the
 * chart styling and the PNG data-URI embedding. It only delegates to the report's own
 * package-private helpers, so there is one stylesheet and one escaper, not copies that drift apart.
 */
public final class ReportKit {
  /** The chart size the report draws at, in CSS pixels. */
  public static final int CHART_WIDTH = Charts.WIDTH;
  public static final int CHART_HEIGHT = Charts.HEIGHT;

  static {
    Headless.ensure();
  }

  private ReportKit() {}

  /** Puts AWT in headless mode (unless set explicitly); call before any chart class loads. */
  public static void headless() {
    Headless.ensure();
  }

  /** The report's stylesheet, to inline in a {@code <style>} element. */
  public static String css() {
    return ReportStyle.CSS;
  }

  /** Escapes text for HTML text and attribute values; null becomes "". */
  public static String esc(String s) {
    return Html.esc(s);
  }

  /** A metric value as the report's tables show it. */
  public static String num(double v) {
    return Html.num(v);
  }

  /** A count with thousands separators: "1,500". */
  public static String count(double v) {
    return Html.count(v);
  }

  /** A duration in seconds as people read it: "4.2 s", "3 min 05 s". */
  public static String seconds(double s) {
    return Html.seconds(s);
  }

  /** The report's chart look: white, light grid, no title or legend (the page carries those). */
  public static void style(AxesChartStyler styler) {
    Charts.style(styler);
  }

  /** The chart as an {@code <img>} with a base64 PNG data URI, sized {@code width} x {@code height}. */
  public static String imgTag(Chart<?, ?> chart, int width, int height, String alt) throws IOException {
    return ChartImage.imgTag(chart, width, height, alt);
  }

  /** The placeholder the report shows where a chart could not be drawn. */
  public static String missingChart(String why) {
    return "<div class=\"chart missing\">" + Html.esc(why) + "</div>";
  }
}
