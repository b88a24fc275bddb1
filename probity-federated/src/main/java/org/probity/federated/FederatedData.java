package org.probity.federated;

import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.core.data.partition.NaturalPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.tensor.Rng;

/**
 * Natural partitions: turns a dataset with a client-id column into per-client {@link ClientData},
 * each client's rows split into train and test (and optionally validation) with a stream derived
 * from the client id, as FedProx and LEAF split every user's data. Clients without rows are absent.
 */
public final class FederatedData {
  private static final System.Logger LOG = System.getLogger(FederatedData.class.getName());

  private FederatedData() {}

  /**
   * Per-client train/test splits of a dataset's natural partition ({@link NaturalPartitioner});
   * validationFraction 0 leaves validation null. Keys are the clients' ids in the dataset.
   */
  public static Map<Integer, ClientData> byClient(Dataset data, double testFraction, double validationFraction,
      Rng rng) {
    Partition p = new NaturalPartitioner().partition(data, rng.derive("partition"));
    for (String warning : p.warnings()) {
      LOG.log(System.Logger.Level.WARNING, warning);
    }
    Map<Integer, ClientData> out = new TreeMap<>();
    for (int k = 0; k < p.numClients(); k++) {
      int c = p.sourceId(k);
      Dataset mine = data.subset(p.rows(k));
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
    return out;
  }
}
