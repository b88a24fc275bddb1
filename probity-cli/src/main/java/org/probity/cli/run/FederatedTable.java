package org.probity.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison {@code probity run} prints after a federated run (issue 4 §5, issue 6 §6): one row
 * per strategy with the mean, worst client, worst-10% mean and spread of its clients' final test
 * accuracies, the pooled worst-group accuracy (a column only when the data has groups), global-model
 * appeal (the share of clients better off than alone), the share of clients it leaves worse off than
 * FedAvg and than local training ("-" where that baseline is absent or is the strategy itself), its
 * fit traffic in megabytes (10^6 bytes, both ways) and its wall time. Per-client figures lead because a federated method is judged by its clients.
 */
public final class FederatedTable {
  private static final String[] HEADER = {"strategy", "kind", "mean acc", "worst client", "worst 10%", "std",
      "worst group", "appeal", "hurt vs fedavg", "hurt vs local", "MB up+down", "seconds"};
  private static final int WORST_GROUP = 6;

  private FederatedTable() {}

  public static String format(List<FederatedRunner.StrategyOutcome> rows) {
    boolean groups = rows.stream().anyMatch(r -> Double.isFinite(r.worstGroupAccuracy()));
    List<String[]> cells = new ArrayList<>();
    cells.add(drop(HEADER, groups));
    for (FederatedRunner.StrategyOutcome r : rows) {
      cells.add(drop(new String[] {r.name(), r.kind(), f4(r.accuracy().mean()), f4(r.accuracy().min()),
          f4(r.accuracy().worst10Mean()), f4(r.accuracy().std()),
          Double.isFinite(r.worstGroupAccuracy()) ? f4(r.worstGroupAccuracy()) : "-", orDash(r.appeal()),
          orDash(r.hurtVsFedavg()), orDash(r.hurtVsLocal()),
          String.format(Locale.ROOT, "%.2f", (r.bytesUp() + r.bytesDown()) / 1e6),
          String.format(Locale.ROOT, "%.1f", r.seconds())}, groups));
    }
    return TextTable.render(cells, i -> i >= 2);
  }

  /** The row without the worst-group column when no strategy's data has groups. */
  private static String[] drop(String[] row, boolean groups) {
    if (groups) {
      return row;
    }
    String[] out = new String[row.length - 1];
    System.arraycopy(row, 0, out, 0, WORST_GROUP);
    System.arraycopy(row, WORST_GROUP + 1, out, WORST_GROUP, row.length - WORST_GROUP - 1);
    return out;
  }

  private static String orDash(Double v) {
    return v == null ? "-" : f4(v);
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
