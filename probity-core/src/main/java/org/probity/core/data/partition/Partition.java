package org.probity.core.data.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.probity.core.data.Dataset;

/**
 * A federated partition: which rows of one {@link Dataset} belong to which client. Clients are
 * numbered densely 0..numClients()-1 so the federated engine can index arrays by client; each keeps
 * its {@link #sourceId source id} (the value in the dataset's client column, or the partitioner's
 * own client number) so messages can name the client a user recognises. A client that would get no
 * rows is dropped and a warning naming it is kept in {@link #warnings()} for the caller to log, as
 * issue 4 asks. Immutable: row arrays are copied in and out.
 */
public final class Partition {
  private final Dataset data;
  private final String description;
  private final int[][] rows;
  private final int[] sourceIds;
  private final List<String> warnings;

  private Partition(Dataset data, String description, int[][] rows, int[] sourceIds, List<String> warnings) {
    this.data = data;
    this.description = description;
    this.rows = rows;
    this.sourceIds = sourceIds;
    this.warnings = warnings;
  }

  /**
   * A partition from explicit row lists: {@code rows[j]} are the rows of the client with source id
   * {@code sourceIds[j]}. Rows must lie in the dataset and appear at most once; clients with no rows
   * are dropped with a warning. {@code warnings} (may be empty) are kept ahead of the drop warnings.
   */
  public static Partition of(Dataset data, String description, int[][] rows, int[] sourceIds,
      List<String> warnings) {
    if (rows.length != sourceIds.length) {
      throw new IllegalArgumentException("partition " + description + " of '" + data.name() + "': "
          + rows.length + " row lists for " + sourceIds.length + " source ids");
    }
    int n = data.size();
    boolean[] seen = new boolean[n];
    List<String> w = new ArrayList<>(warnings);
    List<int[]> keptRows = new ArrayList<>();
    int[] keptIds = new int[rows.length];
    for (int j = 0; j < rows.length; j++) {
      for (int r : rows[j]) {
        if (r < 0 || r >= n) {
          throw new IllegalArgumentException("partition " + description + " of '" + data.name() + "': row " + r
              + " of client " + sourceIds[j] + " is outside 0.." + (n - 1));
        }
        if (seen[r]) {
          throw new IllegalArgumentException("partition " + description + " of '" + data.name() + "': row " + r
              + " is assigned twice (again to client " + sourceIds[j] + ")");
        }
        seen[r] = true;
      }
      if (rows[j].length == 0) {
        w.add("partition " + description + " of '" + data.name() + "': client " + sourceIds[j]
            + " got no rows and was dropped");
      } else {
        keptIds[keptRows.size()] = sourceIds[j];
        keptRows.add(rows[j].clone());
      }
    }
    return new Partition(data, description, keptRows.toArray(new int[0][]), Arrays.copyOf(keptIds, keptRows.size()),
        Collections.unmodifiableList(w));
  }

  /**
   * A partition from a per-row client number in 0..numClients-1 (source ids are those numbers);
   * rows are listed in ascending order within each client.
   */
  public static Partition fromAssignment(Dataset data, String description, int[] clientOfRow, int numClients,
      List<String> warnings) {
    if (clientOfRow.length != data.size()) {
      throw new IllegalArgumentException("partition " + description + " of '" + data.name() + "': "
          + clientOfRow.length + " assignments for " + data.size() + " rows");
    }
    int[] count = new int[numClients];
    for (int i = 0; i < clientOfRow.length; i++) {
      int c = clientOfRow[i];
      if (c < 0 || c >= numClients) {
        throw new IllegalArgumentException("partition " + description + " of '" + data.name() + "': row " + i
            + " assigned to client " + c + ", outside 0.." + (numClients - 1));
      }
      count[c]++;
    }
    int[][] rows = new int[numClients][];
    int[] ids = new int[numClients];
    for (int c = 0; c < numClients; c++) {
      rows[c] = new int[count[c]];
      ids[c] = c;
    }
    int[] fill = new int[numClients];
    for (int i = 0; i < clientOfRow.length; i++) {
      int c = clientOfRow[i];
      rows[c][fill[c]++] = i;
    }
    return of(data, description, rows, ids, warnings);
  }

  /** The partitioned dataset (all rows, not only assigned ones). */
  public Dataset dataset() {
    return data;
  }

  /** How the partition was made, e.g. "dirichlet(clients=10, alpha=0.5)". */
  public String description() {
    return description;
  }

  public int numClients() {
    return rows.length;
  }

  /** The client's rows in the dataset (a copy). */
  public int[] rows(int client) {
    return rows[checked(client)].clone();
  }

  public int size(int client) {
    return rows[checked(client)].length;
  }

  /** Rows per client, indexed by client. */
  public int[] sizes() {
    int[] s = new int[rows.length];
    for (int c = 0; c < rows.length; c++) {
      s[c] = rows[c].length;
    }
    return s;
  }

  /** Rows assigned to some client. */
  public int totalRows() {
    int t = 0;
    for (int[] r : rows) {
      t += r.length;
    }
    return t;
  }

  /** The id the client had before dense renumbering (client-column value or partitioner number). */
  public int sourceId(int client) {
    return sourceIds[checked(client)];
  }

  /** Source ids indexed by client (a copy). */
  public int[] sourceIds() {
    return sourceIds.clone();
  }

  /**
   * The client's rows as a dataset whose client column is filled with the dense client number;
   * the name gains "/client-&lt;sourceId&gt;".
   */
  public Dataset clientData(int client) {
    int[] r = rows[checked(client)];
    int[] ids = new int[r.length];
    Arrays.fill(ids, client);
    return data.subset(r).withClients(ids).named(data.name() + "/client-" + sourceIds[client]);
  }

  /** The dense client number of every dataset row, -1 for rows no client holds. */
  public int[] toClientIds() {
    int[] out = new int[data.size()];
    Arrays.fill(out, -1);
    for (int c = 0; c < rows.length; c++) {
      for (int r : rows[c]) {
        out[r] = c;
      }
    }
    return out;
  }

  /** The dataset with its client column replaced by {@link #toClientIds()}. */
  public Dataset assignedDataset() {
    return data.withClients(toClientIds());
  }

  /** Per-client class counts [client][class]; needs class labels. */
  public int[][] labelCounts() {
    if (!data.isClassification()) {
      throw new IllegalStateException("partition " + description + " of '" + data.name() + "': no class labels");
    }
    int[] y = data.labels();
    int[][] out = new int[rows.length][data.numClasses()];
    for (int c = 0; c < rows.length; c++) {
      for (int r : rows[c]) {
        out[c][y[r]]++;
      }
    }
    return out;
  }

  /** Warnings raised while partitioning (dropped empty clients, unmet minimum sizes), in order. */
  public List<String> warnings() {
    return warnings;
  }

  private int checked(int client) {
    if (client < 0 || client >= rows.length) {
      throw new IndexOutOfBoundsException("partition " + description + " of '" + data.name() + "': client "
          + client + " is outside 0.." + (rows.length - 1));
    }
    return client;
  }

  @Override
  public String toString() {
    return "Partition(" + description + " of '" + data.name() + "', " + rows.length + " clients, "
        + totalRows() + " rows)";
  }
}
