package org.probity.federated.repro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.core.metrics.Metrics;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.ClientData;
import org.probity.federated.ClientStateStore;
import org.probity.federated.Config;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.InMemoryStateStore;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Evaluates trained federations on chosen clients outside the round loop, as Motley's protocol
 * needs: cross-device models are trained on train clients and judged on separate validation and
 * test clients, and hyper-parameters (fine-tuning epochs, λ) are chosen on validation data before
 * the test data is read. Each call runs the client's own {@code evaluate} with a stream derived
 * from the client id only, so the same settings give the same numbers.
 */
final class Evaluation {
  private Evaluation() {}

  /** Which split of a client is scored. */
  enum Part {
    VALIDATION,
    TEST
  }

  /** Each client's accuracy on {@code part} under {@code config}, personal state read from {@code store}. */
  static SortedMap<Integer, Double> accuracy(ClientApp app, Map<Integer, ClientData> clients, Params global,
      Config config, ClientStateStore store, Part part, Rng rng) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    ClientStateStore states = store == null ? new InMemoryStateStore() : store;
    for (Map.Entry<Integer, ClientData> e : new TreeMap<>(clients).entrySet()) {
      int id = e.getKey();
      ClientData d = e.getValue();
      ClientData scored = part == Part.TEST ? d : new ClientData(d.train(), null, requireValidation(d, id));
      ClientContext ctx = new ClientContext(id, 0, scored, rng.derive(id), states);
      EvaluateReply r = app.evaluate(new EvaluateInstruction(id, 0, global, config), ctx);
      Double acc = r.metrics().get(Metrics.ACCURACY);
      if (acc == null || !Double.isFinite(acc)) {
        throw new IllegalStateException("motley: client " + id + " reported accuracy " + acc);
      }
      out.put(id, acc);
    }
    return out;
  }

  private static org.probity.core.data.Dataset requireValidation(ClientData d, int id) {
    if (d.validation() == null) {
      throw new IllegalArgumentException("motley: client " + id + " has no validation split");
    }
    return d.validation();
  }

  static double mean(Map<Integer, Double> byClient) {
    return ClientDistribution.of(byClient).mean();
  }

  /** The index of the largest value, the first on ties (so the simplest setting wins a tie). */
  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static double average(List<Double> xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.size();
  }

  static List<Double> list() {
    return new ArrayList<>();
  }
}
