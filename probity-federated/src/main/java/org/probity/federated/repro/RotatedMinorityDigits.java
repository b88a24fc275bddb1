package org.probity.federated.repro;

import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.core.data.partition.IidPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.synthetic.TransformedDigits;
import org.probity.federated.ClientData;
import org.probity.tensor.Rng;

/**
 * The fairness benchmark shared by the q-FFL test and the federated TERM reproduction: the digits
 * dealt iid to a number of clients, a minority of which see every image rotated by 90°, so one
 * global model serves the minority badly and fair aggregation (q-FFL, Li et al. ICLR 2020; TERM
 * across clients, Li et al. ICLR 2021) has something to repair. 25% of each client is its test split.
 */
public final class RotatedMinorityDigits {
  private RotatedMinorityDigits() {}

  /**
   * Clients 0..rotated−1 rotated; the partition drawn from {@code partition}, each client's rotation
   * and split from {@code split} (so callers keep their own seed streams).
   */
  public static Map<Integer, ClientData> clients(Dataset digits, int clients, int rotated, Rng partition, Rng split) {
    Partition p = new IidPartitioner(clients).partition(digits, partition);
    Map<Integer, ClientData> out = new TreeMap<>();
    for (int k = 0; k < p.numClients(); k++) {
      Dataset mine = p.dataset().subset(p.rows(k));
      if (k < rotated) {
        mine = TransformedDigits.rotated(mine, new double[] {90}, split.derive("rotate").derive(k));
      }
      Split s = mine.split(0.25, split.derive(k));
      out.put(k, new ClientData(s.train(), null, s.test()));
    }
    return out;
  }
}
