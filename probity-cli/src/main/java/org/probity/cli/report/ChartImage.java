package org.probity.cli.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns an XChart chart into an {@code <img>} with a base64 PNG data URI, so the page needs no
 * other file and no network. PNG rather than SVG: XChart draws every glyph as an outline and
 * every line segment as its own path, so its SVG is some 600 KB per chart against about 60 KB for
 * a PNG. The bitmap is drawn at twice the displayed size so it stays sharp on high-density screens
 * and in print.
 */
final class ChartImage {
  static final int SCALE = 2;

  static {
    Headless.ensure();
    // ImageIO otherwise buffers through a temporary file for every image it writes.
    ImageIO.setUseCache(false);
  }

  private ChartImage() {}

  /** The chart's PNG at {@link #SCALE} times {@code width} x {@code height}. */
  static byte[] png(Chart<?, ?> chart, int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.scale(SCALE, SCALE);
      chart.paint(g, width, height);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    if (!ImageIO.write(img, "png", out)) {
      throw new IOException("no PNG writer in this JVM");
    }
    return out.toByteArray();
  }

  /** The chart as an {@code <img>} element sized for {@code width} x {@code height} CSS pixels. */
  static String imgTag(Chart<?, ?> chart, int width, int height, String alt) throws IOException {
    String data = Base64.getEncoder().encodeToString(png(chart, width, height));
    return "<img class=\"chart\" width=\"" + width + "\" height=\"" + height + "\" alt=\"" + Html.esc(alt)
        + "\" src=\"data:image/png;base64," + data + "\">";
  }
}
