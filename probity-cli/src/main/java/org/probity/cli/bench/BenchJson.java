package org.probity.cli.bench;

import org.probity.cli.files.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine-readable bench report:
 * {@code {"threads": 1, "results": [{"workload": "gemm-256", "metric": "gflops", "fast": 98.1,
 * "fallback": 27.0}, ...]}}. Written by hand (the format is tiny and fixed, and the CLI then needs
 * no JSON library for it) and atomically, to a temporary file moved into place, so a reader never
 * sees half a report (DESIGN §4).
 */
public final class BenchJson {
  private static final MathContext DIGITS = new MathContext(6);

  private BenchJson() {}

  /** The report as JSON text. */
  public static String format(int threads, List<BenchResult> results) {
    StringBuilder sb = new StringBuilder(64 + 96 * results.size());
    sb.append("{\"threads\": ").append(threads).append(", \"results\": [");
    for (int i = 0; i < results.size(); i++) {
      BenchResult r = results.get(i);
      sb.append(i == 0 ? "\n  " : ",\n  ");
      sb.append("{\"workload\": ");
      string(sb, r.workload());
      sb.append(", \"metric\": ");
      string(sb, r.metric().key());
      sb.append(", \"fast\": ").append(number(r.fast()));
      sb.append(", \"fallback\": ").append(number(r.fallback()));
      sb.append('}');
    }
    sb.append(results.isEmpty() ? "]}\n" : "\n]}\n");
    return sb.toString();
  }

  /** Writes the report to {@code file} atomically (temporary file in the same folder, then a move). */
  public static void write(Path file, int threads, List<BenchResult> results) throws IOException {
    AtomicFiles.write(file, format(threads, results));
  }

  /** Six significant digits, plain notation; null for NaN or infinity, which JSON cannot hold. */
  static String number(double x) {
    if (!Double.isFinite(x)) {
      return "null";
    }
    if (x == 0) {
      return "0";
    }
    return new BigDecimal(x).round(DIGITS).stripTrailingZeros().toPlainString();
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7). */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
