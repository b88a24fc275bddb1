package org.probity.cli.report;

import java.util.Locale;

/**
 * Text helpers for the report page: HTML escaping (every string that comes from a run folder
 * passes through {@link #esc}, since spec values, variant names and error messages are user
 * text) and the one number format the page uses, so that tables and notes read alike.
 */
final class Html {
  private Html() {}

  /** Escapes the five characters that matter in HTML text and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * A metric value for a table cell: four decimals in the usual range (accuracies, losses), a
   * thousands separator for large values, scientific notation for tiny ones so they do not read
   * as zero.
   */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "\u221e" : "\u2212\u221e";
    }
    double a = Math.abs(v);
    if (a != 0 && a < 1e-3) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    if (a < 1000) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  /** A step or example count: "1,500"; a fractional value keeps its decimals. */
  static String count(double v) {
    if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return num(v);
  }

  /** A duration in seconds, as people read it: "4.2 s", "3 min 05 s". */
  static String seconds(double s) {
    if (!Double.isFinite(s) || s < 0) {
      return "?";
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long whole = Math.round(s);
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, (whole % 3600) / 60);
  }
}
