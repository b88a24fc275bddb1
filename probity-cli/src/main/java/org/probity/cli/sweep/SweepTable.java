package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.cli.run.TextTable;

/**
 * What {@code probity sweep} prints: one row per trial (its id, the budget for halving, each swept
 * value, the metric, status and seconds; the best row marked with *), and the best configuration
 * as the {@code --set} flags that reproduce it with {@code probity run}. When trials are chosen on
 * validation the metric has two columns, {@code val_METRIC} (what the choice was made by) and
 * {@code test_METRIC}, so the chosen trial's test score is shown apart from the score that chose it.
 */
public final class SweepTable {
  private SweepTable() {}

  /** Whether any row has a test figure apart from its chosen-by one: then both are shown, labelled. */
  public static boolean splitsMetric(List<TrialResult> rows) {
    return rows.stream().anyMatch(TrialResult::hasTest);
  }

  /** The label of the figure trials are chosen by: "val_accuracy", or the metric's name when it is the only one. */
  public static String valueLabel(SweepSpec spec, List<TrialResult> rows) {
    return splitsMetric(rows) ? "val_" + spec.metric() : spec.metric();
  }

  public static String format(SweepSpec spec, List<TrialResult> rows, TrialResult best) {
    boolean both = splitsMetric(rows);
    List<String> header = new ArrayList<>(List.of("  trial"));
    boolean halving = spec.halving() != null;
    if (halving) {
      header.add(spec.halving().budgetKey());
    }
    spec.params().forEach(p -> header.add(p.key()));
    header.add(valueLabel(spec, rows));
    if (both) {
      header.add("test_" + spec.metric());
    }
    header.add("status");
    header.add("seconds");
    List<String[]> cells = new ArrayList<>();
    cells.add(header.toArray(new String[0]));
    for (TrialResult r : rows) {
      List<String> c = new ArrayList<>();
      c.add((r == best ? "* " : "  ") + r.trial().id());
      if (halving) {
        c.add(String.valueOf(r.trial().budget()));
      }
      spec.params().forEach(p -> c.add(r.trial().params().getOrDefault(p.key(), "-")));
      c.add(number(r.value()));
      if (both) {
        c.add(number(r.test()));
      }
      c.add(r.status());
      c.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
      cells.add(c.toArray(new String[0]));
    }
    return TextTable.render(cells, i -> i > 0 && looksNumeric(cells, i));
  }

  static String number(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A column is right-aligned when every body cell in it is a number or "-". */
  private static boolean looksNumeric(List<String[]> cells, int col) {
    for (int j = 1; j < cells.size(); j++) {
      String s = cells.get(j)[col];
      if (!s.equals("-") && Double.isNaN(Param.numeric(s))) {
        return false;
      }
    }
    return cells.size() > 1;
  }

  /** "--set optimizer.lr=0.1 --set train.batch_size=64", quoted for a POSIX shell where needed. */
  public static String flags(Trial t) {
    List<String> out = new ArrayList<>();
    for (String o : t.overrides()) {
      out.add("--set " + (o.matches("[A-Za-z0-9_.,=+\\-]*") ? o : "'" + o.replace("'", "'\\''") + "'"));
    }
    return String.join(" ", out);
  }
}
