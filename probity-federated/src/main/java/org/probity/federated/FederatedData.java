package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.core.data.partition.NaturalPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.tensor.Rng;

/**
 * Turns a partition of a dataset into per-client {@link ClientData}: each client's rows are split
 * into train and test (and optionally validation) with a stream derived from the client's source id,
 * as FedProx and LEAF split every user's data, so a client's split does not depend on the others.
 * A client without rows (dropped by the partition) or with too few rows for its own splits is left
 * out with a warning naming it rather than failing the whole run, since partitions such as
 * Dirichlet label skew legitimately starve a few clients.
 */
public final class FederatedData {
  private static final System.Logger LOG = System.getLogger(FederatedData.class.getName());

  private FederatedData() {}

  /**
   * Per-client train/test splits of a dataset's natural partition ({@link NaturalPartitioner});
   * validationFraction 0 leaves validation null. Keys are the clients' ids in the dataset. Warnings
   * (dropped clients) are logged; use {@link #split} to keep them.
   */
  public static Map<Integer, ClientData> byClient(Dataset data, double testFraction, double validationFraction,
      Rng rng) {
    Partition p = new NaturalPartitioner().partition(data, rng.derive("partition"));
    FederatedClients out = split(p, testFraction, validationFraction, rng);
    for (String warning : out.warnings()) {
      LOG.log(System.Logger.Level.WARNING, warning);
    }
    return out.clients();
  }

  /**
   * Splits every client of {@code p}: round(testFraction·n) rows go to test, then
   * round(validationFraction·rest) of the rest to validation (none, and validation null, when the
   * fraction is 0). Keys are the clients' source ids; client c's split uses {@code rng.derive(c)}.
   * The partition's warnings come first in the result, then one per client too small to split.
   */
  public static FederatedClients split(Partition p, double testFraction, double validationFraction, Rng rng) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("federated data: test fraction must be in (0, 1), got " + testFraction);
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("federated data: validation fraction must be in [0, 1), got "
          + validationFraction);
    }
    List<String> warnings = new ArrayList<>(p.warnings());
    Map<Integer, ClientData> out = new TreeMap<>();
    for (int k = 0; k < p.numClients(); k++) {
      int c = p.sourceId(k);
      int n = p.size(k);
      int nTest = (int) Math.round(n * testFraction);
      int nVal = validationFraction > 0 ? (int) Math.round((n - nTest) * validationFraction) : 0;
      int nTrain = n - nTest - nVal;
      if (nTest < 1 || nTrain < 1 || (validationFraction > 0 && nVal < 1)) {
        warnings.add("federated data: client " + c + " has " + n + (n == 1 ? " row" : " rows")
            + ", too few for test fraction " + testFraction + " and validation fraction " + validationFraction
            + " (train " + nTrain + ", validation " + nVal + ", test " + nTest + "); dropped");
        continue;
      }
      Dataset mine = p.dataset().subset(p.rows(k));
      Rng r = rng.derive(c);
      Split s = mine.split(testFraction, r.derive("test"));
      Dataset train = s.train();
      Dataset validation = null;
      if (validationFraction > 0) {
        Split v = train.split(validationFraction, r.derive("validation"));
        train = v.train();
        validation = v.test();
      }
      out.put(c, new ClientData(train, validation, s.test()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("federated data: partition " + p.description() + " of '"
          + p.dataset().name() + "' leaves no client with enough rows to split" + (warnings.isEmpty() ? ""
          : "; " + String.join("; ", warnings)));
    }
    return new FederatedClients(out, warnings);
  }
}
