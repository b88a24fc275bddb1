package org.probity.federated;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Small federations and fake clients shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  static Map<Integer, ClientData> synthetic(int clients, int maxSize, long seed) {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(clients).withMaxSize(maxSize),
        new Rng(seed));
    return FederatedData.byClient(d, 0.2, 0, new Rng(seed).derive("split"));
  }

  static Params initial(ModelSpec spec, Map<Integer, ClientData> clients, long seed) {
    return Models.build(spec, clients.values().iterator().next().train(), new Rng(seed)).params();
  }

  static Params constant(float value, int n) {
    float[] d = new float[n];
    java.util.Arrays.fill(d, value);
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.wrap(d, Shape.of(n)));
    return new Params(m);
  }

  /** A client whose "trained" parameters are all equal to its id (or NaN for {@code nanClient}), one example each. */
  static ClientApp constantClient(int nanClient, java.util.Set<Integer> called) {
    return new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        called.add(in.clientId());
        float v = in.clientId() == nanClient ? Float.NaN : in.clientId();
        return new FitReply(in.clientId(), constant(v, in.global().count()), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, in.global().flatten().data()[0], Map.of());
      }
    };
  }

  static Map<Integer, ClientData> dummyClients(int n) {
    Map<Integer, ClientData> out = new LinkedHashMap<>();
    Dataset d = Dataset.classification("dummy", Tensor.zeros(Shape.of(2, 1)), new int[] {0, 1}, 2);
    for (int i = 0; i < n; i++) {
      out.put(i, new ClientData(d, null, d));
    }
    return out;
  }

  /** One parameter "w" holding a copy of {@code v}. */
  static Params vector(float[] v) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.wrap(v.clone(), Shape.of(v.length)));
    return new Params(m);
  }

  /**
   * Fit replies with unequal example counts (5..204) and very different reported initial losses
   * (0.05..3.05), drawn from {@code rng}: the inputs of loss-weighted aggregations (q-FFL, TERM).
   */
  static java.util.List<FitReply> repliesWithLosses(Rng rng, int clients, int dim) {
    java.util.List<FitReply> out = new java.util.ArrayList<>();
    for (int k = 0; k < clients; k++) {
      float[] v = new float[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = (float) rng.nextGaussian();
      }
      int n = 5 + (int) (rng.nextDouble() * 200);
      double loss = 0.05 + 3 * rng.nextDouble();
      out.add(new FitReply(k, vector(v), n, Map.of(SupervisedClient.INITIAL_LOSS, loss)));
    }
    return out;
  }
}
