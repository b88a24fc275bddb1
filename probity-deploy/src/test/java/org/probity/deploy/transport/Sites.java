package org.probity.deploy.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.FederatedData;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/** A small synthetic three-site federation shared by the loopback tests, and its simulation. */
final class Sites {
  static final ModelSpec SPEC = ModelSpec.softmax();
  static final long SEED = 42;
  static final int ROUNDS = 5;
  static final Map<Integer, ClientData> DATA;
  static final Params INIT;

  static {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(3).withMaxSize(60),
        new Rng(3));
    DATA = new TreeMap<>(FederatedData.byClient(d, 0.2, 0, new Rng(3).derive("split")));
    INIT = Models.build(SPEC, DATA.values().iterator().next().train(), new Rng(4)).params();
  }

  private Sites() {}

  static ClientApp app() {
    return new SupervisedClient(SPEC, 1, 16, Optimizers.sgd(0.1));
  }

  static List<Integer> ids() {
    return new ArrayList<>(DATA.keySet());
  }

  static String site(int id) {
    return "site-" + id;
  }

  static Map<String, Integer> siteIds() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int id : DATA.keySet()) {
      m.put(site(id), id);
    }
    return m;
  }

  static FederationResult simulate() {
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(DATA, app(), b, SEED).run(new FedAvg(ClientSampler.all()), INIT, ROUNDS);
    }
  }

  /** A plaintext loopback server for these sites with short test deadlines; every site in every round. */
  static ServerConfig.Builder server(Path dir) {
    return ServerConfig.builder().host("127.0.0.1").port(0).strategy(new FedAvg(ClientSampler.all())).initial(INIT)
        .rounds(ROUNDS).seed(SEED).siteIds(siteIds()).minClients(3).taskDeadlineMillis(2000).pollWaitMillis(300)
        .quorumWaitMillis(10_000).startGraceMillis(5000).checkpointDir(dir.resolve("ckpt")).auditLog(dir.resolve("audit.jsonl"))
        .chunkBytes(256).recipe("softmax".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static ClientConfig client(int port, int id, ClientAppFactory factory) {
    return ClientConfig.of("127.0.0.1:" + port, null, site(id), factory, DATA.get(id)).withBackoff(20, 250)
        .withCallTimeout(5000).withChunkBytes(256);
  }

  static ClientConfig client(int port, int id) {
    return client(port, id, recipe -> app());
  }

  /** The largest |v_i|. */
  static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  /** The largest |a_i − b_i| of two vectors of one length. */
  static double maxDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("vectors of lengths " + a.length + " and " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  /** A listener that keeps a copy of every round's global parameters in {@code out}. */
  static RoundListener globals(List<float[]> out) {
    return new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        out.add(global.flatten().data().clone());
      }
    };
  }
}
