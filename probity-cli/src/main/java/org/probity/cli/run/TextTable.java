package org.probity.cli.run;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * The plain-text tables the commands print (the run's variants, a federated run's strategies, the
 * runs list, a sweep's trials): every column as wide as its widest cell, two spaces between
 * columns, numbers right-aligned so their digits line up, no trailing blanks. One layout, so every
 * table reads the same way and diffs cleanly between runs.
 */
public final class TextTable {
  private TextTable() {}

  /**
   * The rows (header first, all of one length) as lines ending in '\n'; column i is right-aligned
   * when {@code rightAligned} accepts i.
   */
  public static String render(List<String[]> rows, IntPredicate rightAligned) {
    if (rows.isEmpty()) {
      return "";
    }
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] row : rows) {
      if (row.length != cols) {
        throw new IllegalArgumentException("text table: a row has " + row.length + " cells, the header " + cols);
      }
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        String fill = " ".repeat(width[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(rightAligned.test(i) ? fill + row[i] : row[i] + fill);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
