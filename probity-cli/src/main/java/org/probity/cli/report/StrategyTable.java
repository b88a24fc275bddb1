package org.probity.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The federated comparison: one row per strategy with the distribution of final per-client test
 * accuracy (mean, worst client, std, worst-10% mean, 10th/50th/90th percentiles), the worst
 * client's loss, the pooled worst-group accuracy and loss when the data has groups, global-model
 * appeal, the fraction of clients hurt relative to FedAvg and to Local, traffic, time, the global model's central accuracy when the
 * server held data out, and what the strategy chose on validation. Columns with a direction mark
 * their best value, as the central table does; a value the folder does not hold (a hurt fraction
 * with no such baseline, a statistic of a run still going) reads "-". Client and round counts get
 * a column only when strategies differ in them; otherwise the header says them once.
 */
final class StrategyTable {
  static final String NONE = "-";
  private static final double MB = 1e6;

  private StrategyTable() {}

  /**
   * A column: label, tooltip, which way is better (+1, -1, 0), the value compared for the best
   * cell, and the cell's text (null: the value is missing).
   */
  record Column(String label, String hint, int direction, ToDoubleFunction<StrategyRow> value,
      Function<StrategyRow, String> cell) {
    static Column number(String label, String hint, int direction, ToDoubleFunction<StrategyRow> value,
        DoubleFunction<String> format) {
      return new Column(label, hint, direction, value, r -> {
        double x = value.applyAsDouble(r);
        return Double.isNaN(x) ? null : format.apply(x);
      });
    }

    String arrow() {
      return direction > 0 ? "\u00a0\u2191" : direction < 0 ? "\u00a0\u2193" : "";
    }
  }

  static List<Column> columns(List<StrategyRow> rows) {
    List<Column> cols = new ArrayList<>();
    if (differ(rows, r -> r.stats().n())) {
      cols.add(Column.number("Clients", "clients evaluated", 0, r -> r.stats().n(), Html::count));
    }
    if (differ(rows, StrategyRow::rounds)) {
      cols.add(Column.number("Rounds", "rounds run", 0, StrategyRow::rounds, Html::count));
    }
    cols.add(Column.number("Mean", "mean over clients of final test accuracy; higher is better", 1,
        r -> r.stats().mean(), Html::num));
    optional(cols, rows, Column.number("Worst client", "the lowest client accuracy; higher is better", 1,
        r -> r.fairness().worstClientAccuracy(), Html::num));
    cols.add(Column.number("Std", "standard deviation over clients (population)", 0, r -> r.stats().std(), Html::num));
    cols.add(Column.number("Worst 10%", "mean accuracy of the worst 10% of clients; higher is better", 1,
        r -> r.stats().worst10(), Html::num));
    cols.add(Column.number("P10", "10th percentile of client accuracy; higher is better", 1,
        r -> r.stats().p10(), Html::num));
    cols.add(Column.number("Median", "median client accuracy; higher is better", 1,
        r -> r.stats().median(), Html::num));
    cols.add(Column.number("P90", "90th percentile of client accuracy; higher is better", 1,
        r -> r.stats().p90(), Html::num));
    optional(cols, rows, Column.number("Worst-client loss", "the highest client test loss; lower is better", -1,
        r -> r.fairness().worstClientLoss(), Html::num));
    optional(cols, rows, Column.number("Worst group", "worst group's accuracy over all clients' test data pooled;"
        + " higher is better", 1, r -> r.fairness().worstGroupAccuracy(), Html::num));
    optional(cols, rows, Column.number("Worst-group loss", "worst group's loss over all clients' test data pooled;"
        + " lower is better", -1, r -> r.fairness().worstGroupLoss(), Html::num));
    optional(cols, rows, Column.number("Appeal", "global-model appeal: share of clients more accurate than when"
        + " training alone (Local); higher is better", 1, r -> r.fairness().appeal(), Html::num));
    cols.add(Column.number("Hurt vs FedAvg", "fraction of clients strictly worse than under FedAvg; lower is better",
        -1, StrategyRow::hurtVsFedavg, Html::num));
    cols.add(Column.number("Hurt vs Local", "fraction of clients strictly worse than training alone; lower is better",
        -1, StrategyRow::hurtVsLocal, Html::num));
    cols.add(new Column("MB up / down", "megabytes (10^6 bytes) sent by clients to the server / by the server to"
        + " clients for training", 0, r -> Double.NaN, StrategyTable::traffic));
    cols.add(new Column("Time", "wall time of the strategy's rounds", 0, StrategyRow::seconds, StrategyTable::time));
    optional(cols, rows, Column.number("Central acc", "global model's accuracy on the test set the server held out;"
        + " higher is better", 1, StrategyRow::centralAccuracy, Html::num));
    return cols;
  }

  /** Adds {@code col} when some row holds a value for it (older folders and grouped-data-only figures). */
  private static void optional(List<Column> cols, List<StrategyRow> rows, Column col) {
    if (rows.stream().anyMatch(r -> Double.isFinite(col.value().applyAsDouble(r)))) {
      cols.add(col);
    }
  }

  /** For each column with a direction, which rows hold the best value (ties included). */
  static boolean[][] best(List<StrategyRow> rows, List<Column> cols) {
    boolean[][] mark = new boolean[rows.size()][cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      Column col = cols.get(c);
      if (col.direction() == 0) {
        continue;
      }
      double best = Double.NaN;
      int finite = 0;
      for (StrategyRow r : rows) {
        double x = col.value().applyAsDouble(r);
        if (Double.isFinite(x)) {
          best = finite == 0 || (col.direction() > 0 ? x > best : x < best) ? x : best;
          finite++;
        }
      }
      int atBest = 0;
      for (StrategyRow r : rows) {
        atBest += col.value().applyAsDouble(r) == best ? 1 : 0;
      }
      if (finite < 2 || atBest == finite) {
        continue;
      }
      for (int i = 0; i < rows.size(); i++) {
        mark[i][c] = col.value().applyAsDouble(rows.get(i)) == best;
      }
    }
    return mark;
  }

  static String html(List<StrategyRow> rows, Palette palette) {
    if (rows.isEmpty()) {
      return "<p class=\"empty\">No strategy has reported a round yet.</p>\n";
    }
    List<Column> cols = columns(rows);
    boolean[][] best = best(rows, cols);
    boolean chosen = rows.stream().anyMatch(r -> r.chosen() != null);
    boolean sources = rows.stream().anyMatch(r -> !r.fromSummary());

    StringBuilder sb = new StringBuilder(2048);
    sb.append("<div class=\"scroll\"><table class=\"cmp fed\">\n<thead><tr><th>Strategy</th><th>Kind</th>");
    for (Column c : cols) {
      sb.append("<th class=\"num\" title=\"").append(Html.esc(c.hint())).append("\">").append(Html.esc(c.label()))
          .append(c.arrow()).append("</th>");
    }
    if (chosen) {
      sb.append("<th title=\"what the strategy chose on validation\">Chosen</th>");
    }
    if (sources) {
      sb.append("<th>Measured on</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      StrategyRow r = rows.get(i);
      sb.append("<tr><td class=\"variant\"><span class=\"swatch\" style=\"background:").append(palette.css(r.name()))
          .append("\"></span>").append(Html.esc(r.name())).append("</td><td class=\"kind\">")
          .append(r.kind() == null ? "" : Html.esc(r.kind()));
      if (!r.settings().isEmpty()) {
        sb.append(" <span class=\"settings\">").append(Html.esc(r.settings())).append("</span>");
      }
      sb.append("</td>");
      for (int c = 0; c < cols.size(); c++) {
        Column col = cols.get(c);
        String text = col.cell().apply(r);
        String tip = best[i][c] ? "best in this column" : tooltip(col, r);
        sb.append("<td class=\"num").append(best[i][c] ? " best" : "").append('"');
        if (tip != null) {
          sb.append(" title=\"").append(Html.esc(tip)).append('"');
        }
        sb.append('>').append(text == null ? "<span class=\"na\">" + NONE + "</span>" : Html.esc(text)).append("</td>");
      }
      if (chosen) {
        sb.append("<td class=\"chosen\">").append(r.chosen() == null ? "" : Html.esc(r.chosen())).append("</td>");
      }
      if (sources) {
        sb.append("<td class=\"source\">").append(r.fromSummary() ? "final test" : Html.esc(r.source())).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table></div>\n");
    return sb.toString();
  }

  /** The time cell's tooltip gives the mean round time, when known; other cells have none. */
  private static String tooltip(Column col, StrategyRow r) {
    if (col.label().equals("Time") && Double.isFinite(r.roundMillisMean())) {
      return String.format(Locale.ROOT, "mean round %.0f ms", r.roundMillisMean());
    }
    return null;
  }

  /** "0.31 / 0.31": up, then down; null when neither is known. */
  static String traffic(StrategyRow r) {
    if (Double.isNaN(r.bytesUp()) && Double.isNaN(r.bytesDown())) {
      return null;
    }
    return (Double.isNaN(r.bytesUp()) ? NONE : mb(r.bytesUp())) + " / "
        + (Double.isNaN(r.bytesDown()) ? NONE : mb(r.bytesDown()));
  }

  private static String time(StrategyRow r) {
    return Double.isFinite(r.seconds()) ? Html.seconds(r.seconds()) : null;
  }

  /** Bytes as megabytes: two decimals, or one with a separator from a thousand on. */
  static String mb(double bytes) {
    double m = bytes / MB;
    return Math.abs(m) < 1000 ? String.format(Locale.ROOT, "%.2f", m) : String.format(Locale.ROOT, "%,.1f", m);
  }

  /** Whether the rows hold different values (a missing one counts as different from a present one). */
  private static boolean differ(List<StrategyRow> rows, ToDoubleFunction<StrategyRow> f) {
    double first = f.applyAsDouble(rows.get(0));
    for (StrategyRow r : rows) {
      double x = f.applyAsDouble(r);
      if (Double.compare(x, first) != 0) {
        return true;
      }
    }
    return false;
  }
}
