package org.probity.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The human-readable bench report: one row per result, printed as soon as it is measured, with
 * the fast path beside its fallback and the speed-up (how many times better the fast column is,
 * whichever way the metric points), and a last column saying what the two columns are.
 */
public final class BenchTable {
  private static final String ROW = "%-22s %-12s %12s %12s %9s  %s%n";

  private final PrintWriter out;

  public BenchTable(PrintWriter out) {
    this.out = out;
  }

  public void header() {
    out.printf(Locale.ROOT, ROW, "workload", "metric", "fast", "fallback", "speed-up", "fast vs fallback");
    out.flush();
  }

  public void row(BenchResult r) {
    out.printf(Locale.ROOT, ROW, r.workload(), r.metric().key(), figure(r.fast()), figure(r.fallback()),
        Double.isFinite(r.speedup()) ? String.format(Locale.ROOT, "%.2fx", r.speedup()) : "-", r.comparison());
    out.flush();
  }

  /** Three significant digits at least, no exponent: 0.412, 27.0, 98.1, 5230. */
  static String figure(double x) {
    if (!Double.isFinite(x)) {
      return "-";
    }
    double a = Math.abs(x);
    String fmt = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, fmt, x);
  }
}
