package org.probity.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * What the page knows about a metric key: how to label it and which way is better, so the table
 * can highlight the best variant per column (highest accuracy, lowest loss, lowest worst-group
 * loss). Keys the trainer adds later still show, unlabelled and without a best cell.
 */
record MetricKind(String key, String label, int direction) {
  static final int HIGHER = 1;
  static final int LOWER = -1;
  static final int UNKNOWN = 0;

  /** Known metrics in the order the table shows them. */
  static final List<MetricKind> KNOWN = List.of(
      new MetricKind("accuracy", "Accuracy", HIGHER),
      new MetricKind("loss", "Loss", LOWER),
      new MetricKind("worst_group_accuracy", "Worst-group accuracy", HIGHER),
      new MetricKind("worst_group_loss", "Worst-group loss", LOWER),
      new MetricKind("rmse", "RMSE", LOWER),
      new MetricKind("mse", "MSE", LOWER),
      new MetricKind("mae", "MAE", LOWER),
      new MetricKind("auroc", "AUROC", HIGHER),
      new MetricKind("ece", "ECE", LOWER),
      new MetricKind("f1", "F1", HIGHER));

  static MetricKind of(String key) {
    for (MetricKind k : KNOWN) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    String label = key.replace('_', ' ');
    label = label.isEmpty() ? key : label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1);
    return new MetricKind(key, label, UNKNOWN);
  }

  /** Position in the table: known metrics first, in their order, then the rest as found. */
  int rank() {
    for (int i = 0; i < KNOWN.size(); i++) {
      if (KNOWN.get(i).key.equals(key)) {
        return i;
      }
    }
    return KNOWN.size();
  }

  /** The arrow after the column label telling which way is better. */
  String arrow() {
    return direction == HIGHER ? "\u00a0\u2191" : direction == LOWER ? "\u00a0\u2193" : "";
  }

  /** Whether {@code a} is strictly better than {@code b}. */
  boolean better(double a, double b) {
    return direction == HIGHER ? a > b : direction == LOWER ? a < b : false;
  }
}
