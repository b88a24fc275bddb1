package org.probity.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed metrics.jsonl of a run. Reading never fails on content: a line that is not a JSON
 * object with {@code variant}, {@code split} and {@code step} (a run killed mid-write leaves a
 * truncated last line) becomes a {@link Problem} with its line number and is skipped, so the curves
 * show everything that was measured before it.
 */
final class MetricsLog {
  static final String FILE = "metrics.jsonl";

  private final List<MetricRow> rows;
  private final List<Problem> problems;

  private MetricsLog(List<MetricRow> rows, List<Problem> problems) {
    this.rows = rows;
    this.problems = problems;
  }

  static MetricsLog empty() {
    return new MetricsLog(List.of(), List.of());
  }

  /** Parses the file's text; blank lines are allowed and ignored. */
  static MetricsLog parse(String text) {
    List<MetricRow> rows = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new StringReader(text))) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String why = parseLine(line, rows);
        if (why != null) {
          problems.add(Problem.skipped(FILE, number, why));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("reading a string cannot fail", e);
    }
    return new MetricsLog(List.copyOf(rows), List.copyOf(problems));
  }

  /** Adds the row and returns null, or returns why the line was skipped. */
  private static String parseLine(String line, List<MetricRow> rows) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return "malformed JSON, line skipped: " + Json.shortMessage(e);
    }
    if (n == null || !n.isObject()) {
      return "not a JSON object, line skipped";
    }
    String variant = Json.text(n, "variant");
    String split = Json.text(n, "split");
    JsonNode step = n.get("step");
    if ((step == null || !step.isNumber()) && FederatedRun.ROUND.equals(split)) {
      // A round line is placed by its round; "step" repeats it, but the round alone is enough.
      step = n.get("round");
    }
    if (variant == null || split == null || step == null || !step.isNumber()) {
      return "missing " + (variant == null ? "\"variant\"" : split == null ? "\"split\"" : "numeric \"step\"")
          + ", line skipped";
    }
    rows.add(new MetricRow(variant, split, step.doubleValue(), n));
    return null;
  }

  List<MetricRow> rows() {
    return rows;
  }

  List<Problem> problems() {
    return problems;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Variant names in the order they first appear. */
  Set<String> variants() {
    Set<String> out = new LinkedHashSet<>();
    for (MetricRow r : rows) {
      out.add(r.variant());
    }
    return out;
  }

  /** Whether any row of the split carries the metric. */
  boolean has(String split, String key) {
    for (MetricRow r : rows) {
      if (r.split().equals(split) && r.has(key)) {
        return true;
      }
    }
    return false;
  }

  boolean hasSplit(String split) {
    for (MetricRow r : rows) {
      if (r.split().equals(split)) {
        return true;
      }
    }
    return false;
  }

  /** The variant's last row of the split, or null. */
  MetricRow last(String variant, String split) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      MetricRow r = rows.get(i);
      if (r.variant().equals(variant) && r.split().equals(split)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The metric against step for one variant and split, ordered by step, finite values only (a
   * diverged loss would otherwise flatten the whole axis), thinned to at most {@code maxPoints}
   * by keeping evenly spaced points and always the last one.
   */
  Curve curve(String variant, String split, String key, int maxPoints) {
    int n = 0;
    double[] xs = new double[16];
    double[] ys = new double[16];
    boolean sorted = true;
    for (MetricRow r : rows) {
      if (!r.variant().equals(variant) || !r.split().equals(split)) {
        continue;
      }
      double y = r.get(key);
      if (!Double.isFinite(y) || !Double.isFinite(r.step())) {
        continue;
      }
      if (n == xs.length) {
        xs = Arrays.copyOf(xs, n * 2);
        ys = Arrays.copyOf(ys, n * 2);
      }
      sorted &= n == 0 || xs[n - 1] <= r.step();
      xs[n] = r.step();
      ys[n] = y;
      n++;
    }
    if (!sorted) {
      sortByX(xs, ys, n);
    }
    return Curve.thinned(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), maxPoints);
  }

  private static void sortByX(double[] xs, double[] ys, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(xs[a], xs[b]));
    double[] x2 = new double[n];
    double[] y2 = new double[n];
    for (int i = 0; i < n; i++) {
      x2[i] = xs[idx[i]];
      y2[i] = ys[idx[i]];
    }
    System.arraycopy(x2, 0, xs, 0, n);
    System.arraycopy(y2, 0, ys, 0, n);
  }

  /** One series of a line chart. */
  record Curve(double[] x, double[] y) {
    int size() {
      return x.length;
    }

    static Curve thinned(double[] x, double[] y, int maxPoints) {
      int n = x.length;
      if (n <= maxPoints || maxPoints < 2) {
        return new Curve(x, y);
      }
      double[] tx = new double[maxPoints];
      double[] ty = new double[maxPoints];
      for (int i = 0; i < maxPoints; i++) {
        int j = (int) Math.round((double) i * (n - 1) / (maxPoints - 1));
        tx[i] = x[j];
        ty[i] = y[j];
      }
      return new Curve(tx, ty);
    }
  }
}
