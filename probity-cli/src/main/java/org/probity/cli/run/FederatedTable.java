package org.probity.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison {@code probity run} prints after a federated run (issue 4 §5): one row per
 * strategy with the mean, worst-10% mean and spread of its clients' final test accuracies, the
 * share of clients it leaves worse off than FedAvg and than local training ("-" where that baseline
 * is absent or is the strategy itself), its fit traffic in megabytes (10^6 bytes, both ways) and
 * its wall time. Per-client figures lead because a federated method is judged by its clients.
 */
public final class FederatedTable {
  private static final String[] HEADER = {"strategy", "kind", "mean acc", "worst 10%", "std", "hurt vs fedavg",
      "hurt vs local", "MB up+down", "seconds"};

  private FederatedTable() {}

  public static String format(List<FederatedRunner.StrategyOutcome> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (FederatedRunner.StrategyOutcome r : rows) {
      cells.add(new String[] {r.name(), r.kind(), f4(r.accuracy().mean()), f4(r.accuracy().worst10Mean()),
          f4(r.accuracy().std()), r.hurtVsFedavg() == null ? "-" : f4(r.hurtVsFedavg()),
          r.hurtVsLocal() == null ? "-" : f4(r.hurtVsLocal()),
          String.format(Locale.ROOT, "%.2f", (r.bytesUp() + r.bytesDown()) / 1e6),
          String.format(Locale.ROOT, "%.1f", r.seconds())});
    }
    int[] width = new int[HEADER.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String fill = " ".repeat(width[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(i < 2 ? row[i] + fill : fill + row[i]);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
