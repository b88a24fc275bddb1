package org.probity.core.data.partition;

import java.util.ArrayList;
import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Label-distribution skew (Hsu, Qi and Brown 2019; Flower Datasets' DirichletPartitioner): for
 * every class c, proportions p_c ~ Dir(α, ..., α) over the clients are drawn and the class's
 * shuffled rows are cut at floor(n_c · cumsum(p_c)), so class counts are preserved exactly. Small
 * α (0.1) gives clients dominated by one or two classes, large α (100) near-uniform mixtures.
 *
 * <p>Minimum size: as in Flower, the whole draw is repeated (each attempt from its own derived
 * stream) until every client has at least {@code minSize} rows. If {@code maxAttempts} draws all
 * fail, the attempt with the largest smallest client is kept, a warning says so, and clients left
 * empty are dropped with a warning naming them (Flower raises instead; a warning lets small
 * experiments with tiny α proceed).
 */
public final class DirichletLabelSkew implements Partitioner {
  private final int numClients;
  private final double alpha;
  private final int minSize;
  private final int maxAttempts;

  /** minSize 1 (no empty clients if avoidable), 20 attempts. */
  public DirichletLabelSkew(int numClients, double alpha) {
    this(numClients, alpha, 1, 20);
  }

  public DirichletLabelSkew(int numClients, double alpha, int minSize, int maxAttempts) {
    if (numClients < 1) {
      throw new IllegalArgumentException("dirichlet partition: numClients must be at least 1, got " + numClients);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("dirichlet partition: alpha must be positive and finite, got " + alpha);
    }
    if (minSize < 0) {
      throw new IllegalArgumentException("dirichlet partition: minSize must be non-negative, got " + minSize);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("dirichlet partition: maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.numClients = numClients;
    this.alpha = alpha;
    this.minSize = minSize;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public Partition partition(Dataset data, Rng rng) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("dirichlet partition: dataset '" + data.name()
          + "' has no class labels (use quantity skew for regression data)");
    }
    int[] y = data.labels();
    int k = data.numClasses();
    int[][] byClass = rowsByClass(y, k);
    int[] best = null;
    int bestMin = -1;
    int attempt = 0;
    for (; attempt < maxAttempts; attempt++) {
      int[] client = draw(byClass, y.length, rng.derive("attempt").derive(attempt));
      int smallest = smallest(client);
      if (smallest > bestMin) {
        best = client;
        bestMin = smallest;
      }
      if (smallest >= minSize) {
        break;
      }
    }
    List<String> warnings = new ArrayList<>();
    if (bestMin < minSize) {
      warnings.add("partition " + this + " of '" + data.name() + "': no draw in " + maxAttempts
          + " attempts gave every client at least " + minSize + " rows; kept one whose smallest client has "
          + bestMin);
    }
    return Partition.fromAssignment(data, toString(), best, numClients, warnings);
  }

  private int[] draw(int[][] byClass, int n, Rng rng) {
    int[] client = new int[n];
    for (int c = 0; c < byClass.length; c++) {
      Rng rc = rng.derive(c);
      int[] rows = byClass[c];
      int nc = rows.length;
      int[] perm = rc.derive("shuffle").permutation(nc);
      double[] p = Sampling.dirichlet(numClients, alpha, rc.derive("proportions"));
      double cum = 0;
      int from = 0;
      for (int j = 0; j < numClients; j++) {
        cum += p[j];
        int to = j == numClients - 1 ? nc : Math.min(nc, (int) Math.floor(cum * nc));
        for (int i = from; i < to; i++) {
          client[rows[perm[i]]] = j;
        }
        from = Math.max(from, to);
      }
    }
    return client;
  }

  private int smallest(int[] client) {
    int[] count = new int[numClients];
    for (int c : client) {
      count[c]++;
    }
    int min = Integer.MAX_VALUE;
    for (int v : count) {
      min = Math.min(min, v);
    }
    return min;
  }

  static int[][] rowsByClass(int[] y, int k) {
    int[] count = new int[k];
    for (int v : y) {
      count[v]++;
    }
    int[][] out = new int[k][];
    for (int c = 0; c < k; c++) {
      out[c] = new int[count[c]];
    }
    int[] fill = new int[k];
    for (int i = 0; i < y.length; i++) {
      out[y[i]][fill[y[i]]++] = i;
    }
    return out;
  }

  @Override
  public String toString() {
    return "dirichlet(clients=" + numClients + ", alpha=" + alpha + ", minSize=" + minSize + ")";
  }
}
