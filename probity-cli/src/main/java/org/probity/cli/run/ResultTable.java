package org.probity.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.core.metrics.Metrics;

/**
 * The compact comparison {@code probity run} prints: one row per variant with its objective,
 * steps and the test metrics that matter for the task (accuracy, worst-group accuracy, loss,
 * calibration error and AUROC for classification; RMSE, worst-group loss and loss for regression),
 * a column only when some variant measured it (worst-group ones only with two groups or more).
 */
public final class ResultTable {
  private ResultTable() {}

  public static String format(String task, List<ExperimentRunner.VariantOutcome> rows) {
    List<String> metrics = new ArrayList<>();
    List<String> wanted = task.equals("regression")
        ? List.of(Metrics.RMSE, Metrics.WORST_GROUP_LOSS, Metrics.LOSS)
        : List.of(Metrics.ACCURACY, Metrics.WORST_GROUP_ACCURACY, Metrics.LOSS, Metrics.ECE, Metrics.AUROC);
    for (String m : wanted) {
      // Worst-group figures only say something when the test split has two groups or more.
      boolean groups = !m.startsWith("worst_group") || rows.stream().anyMatch(r -> r.test() != null
          && r.test().group(Metrics.LOSS).size() > 1);
      if (groups && rows.stream().anyMatch(r -> r.test() != null && r.test().has(m))) {
        metrics.add(m);
      }
    }
    List<String[]> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("variant", "objective", "steps"));
    metrics.forEach(m -> header.add("test " + m.replace('_', ' ')));
    cells.add(header.toArray(new String[0]));
    for (ExperimentRunner.VariantOutcome r : rows) {
      List<String> c = new ArrayList<>(List.of(r.name(), r.objective(), Integer.toString(r.steps())));
      for (String m : metrics) {
        c.add(r.test() != null && r.test().has(m) ? String.format(Locale.ROOT, "%.4f", r.test().get(m)) : "-");
      }
      cells.add(c.toArray(new String[0]));
    }
    return TextTable.render(cells, i -> i >= 2);
  }
}
