package org.probity.federated.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Global-model appeal (Cho, Jhunjhunwala, Li, Smith, Joshi, "Maximizing Global Model Appeal in
 * Federated Learning", arXiv 2205.14840): the share of clients for which the global model beats the
 * model they would train alone, i.e. whose value (accuracy, higher is better) under the global model
 * is strictly above their Local value. Strict, because a client gains nothing from joining for a tie.
 * Ids of the appealed clients are kept in ascending order; for a loss (lower is better), swap the
 * arguments. Inputs are per-client maps as for {@link HurtFraction}, over exactly the same clients.
 */
public record Appeal(int clients, int appealing, double fraction, List<Integer> appealingClients) {
  public Appeal {
    appealingClients = List.copyOf(appealingClients);
  }

  /** The appeal of {@code global} over {@code local}, both keyed by client id. */
  public static Appeal of(Map<Integer, Double> global, Map<Integer, Double> local) {
    if (!global.keySet().equals(local.keySet())) {
      TreeSet<Integer> onlyGlobal = new TreeSet<>(global.keySet());
      onlyGlobal.removeAll(local.keySet());
      TreeSet<Integer> onlyLocal = new TreeSet<>(local.keySet());
      onlyLocal.removeAll(global.keySet());
      throw new IllegalArgumentException("appeal: global and local cover different clients (only in global: "
          + onlyGlobal + ", only in local: " + onlyLocal + ")");
    }
    if (global.isEmpty()) {
      throw new IllegalArgumentException("appeal: no clients");
    }
    List<Integer> ids = new ArrayList<>();
    for (Map.Entry<Integer, Double> e : new TreeMap<>(global).entrySet()) {
      int id = e.getKey();
      if (value(e.getValue(), "global", id) > value(local.get(id), "local", id)) {
        ids.add(id);
      }
    }
    int n = global.size();
    return new Appeal(n, ids.size(), (double) ids.size() / n, ids);
  }

  private static double value(Double v, String side, int id) {
    if (v == null || !Double.isFinite(v)) {
      throw new IllegalArgumentException("appeal: " + side + " value of client " + id + " is " + v);
    }
    return v;
  }
}
