package org.probity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.Ditto;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FedAvg;
import org.probity.federated.FederatedData;
import org.probity.federated.Federation;
import org.probity.federated.FederationException;
import org.probity.federated.FederationResult;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.federated.InMemoryStateStore;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundRecord;
import org.probity.federated.Strategy;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The Spark backend against the in-process simulation on the same federation (FedProx synthetic
 * data, 6 clients, softmax regression): same seed, same sampled clients, same client streams, so
 * the final model, the round records and the last evaluations must agree.
 */
class SparkFederationTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final SparkSettings SETTINGS = SparkSettings.defaults().withMaster("local[2]").withPartitions(2)
      .withJobTimeoutMillis(60_000);
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkFederation.createContext(SETTINGS);
    // The first federation of a JVM loads and JITs Spark's scheduler and the training code (seconds on
    // a busy machine); pay that here, once, not in whichever test happens to run first.
    Map<Integer, ClientData> clients = clients();
    try (SparkFederation f = new SparkFederation(sc, SETTINGS, clients, SparkFederationTest::fedAvgClient, 1)) {
      f.run(new FedAvg(ClientSampler.all()), initial(clients), 1);
    }
  }

  @AfterAll
  static void stopSpark() {
    if (sc != null) {
      sc.stop();
    }
  }

  private static Map<Integer, ClientData> clients() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(6).withMaxSize(80),
        new Rng(3));
    return FederatedData.byClient(d, 0.2, 0, new Rng(3).derive("split"));
  }

  private static Params initial(Map<Integer, ClientData> clients) {
    return Models.build(SPEC, clients.values().iterator().next().train(), new Rng(4)).params();
  }

  static ClientApp fedAvgClient() {
    return new SupervisedClient(SPEC, 1, 16, Optimizers.sgd(0.1));
  }

  static ClientApp dittoClient() {
    return new SupervisedClient(SPEC, 2, 10, Optimizers.sgd(0.1));
  }

  private static FederationResult simulate(Map<Integer, ClientData> clients, ClientApp app, Strategy s, int rounds,
      InMemoryStateStore store) {
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(clients, app, b, store, 42).run(s, initial(clients), rounds);
    }
  }

  private static FederationResult simulateFedAvg(Map<Integer, ClientData> clients) {
    return simulate(clients, fedAvgClient(), new FedAvg(ClientSampler.fixedCount(4)), 3, new InMemoryStateStore());
  }

  private static FederationResult sparkFedAvg(Map<Integer, ClientData> clients, SparkSettings settings) {
    try (SparkFederation f = new SparkFederation(sc, settings, clients, SparkFederationTest::fedAvgClient, 42)) {
      assertEquals(2, f.partitions());
      return f.run(new FedAvg(ClientSampler.fixedCount(4)), initial(clients), 3);
    }
  }

  @Test
  void collectedFedAvgIsBitIdenticalToTheSimulation() {
    Map<Integer, ClientData> clients = clients();
    FederationResult sim = simulateFedAvg(clients);
    FederationResult exact = sparkFedAvg(clients, SETTINGS.withTreeAggregate(false));
    // Collected replies go through FedAvg.aggregateFit as in the simulation: bit for bit.
    assertArrayEquals(sim.global().flatten().data(), exact.global().flatten().data());
    assertEquals(sim.rounds(), exact.rounds());
    assertEquals(sim.finalClientMetrics(), exact.finalClientMetrics());
  }

  @Test
  void treeAggregatedFedAvgMatchesTheSimulationWithinTolerance() {
    Map<Integer, ClientData> clients = clients();
    FederationResult sim = simulateFedAvg(clients);
    FederationResult tree = sparkFedAvg(clients, SETTINGS);
    // treeAggregate adds the same double terms in another order; after the cast to float the two
    // agree except where a sum sits within a few double ulps of a float rounding boundary, and such a
    // one-ulp difference then passes through later rounds' training: 1e-5 relative bounds both.
    float[] a = sim.global().flatten().data();
    float[] b = tree.global().flatten().data();
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), "parameter " + i);
      differ += a[i] == b[i] ? 0 : 1;
    }
    System.out.println("spark tree aggregate: " + differ + " of " + a.length + " parameters differ from the simulation");
    for (int r = 0; r < 3; r++) {
      RoundRecord x = sim.rounds().get(r);
      RoundRecord y = tree.rounds().get(r);
      assertEquals(x.sampled(), y.sampled());
      assertEquals(x.arrived(), y.arrived());
      assertEquals(x.bytesDown(), y.bytesDown());
      assertEquals(x.bytesUp(), y.bytesUp());
      assertEquals(x.metrics().keySet(), y.metrics().keySet());
      for (String k : x.metrics().keySet()) {
        assertEquals(x.metrics().get(k), y.metrics().get(k), 1e-5, "round " + (r + 1) + " " + k);
      }
    }
  }

  static ClientApp failingClient() {
    ClientApp base = fedAvgClient();
    return new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (in.clientId() == 3) {
          throw new IllegalStateException("client 3 cannot train: disk full");
        }
        return base.fit(in, ctx);
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return base.evaluate(in, ctx);
      }
    };
  }

  @Test
  void aClientThatThrowsFailsTheRoundNamingItAndTheCause() {
    Map<Integer, ClientData> clients = clients();
    try (SparkFederation f = new SparkFederation(sc, SETTINGS, clients, SparkFederationTest::failingClient, 42)) {
      FederationException e = assertThrows(FederationException.class,
          () -> f.run(new FedAvg(ClientSampler.all()), initial(clients), 2));
      assertEquals(1, e.round());
      assertTrue(e.getMessage().contains("client 3") && e.getMessage().contains("disk full"), e.getMessage());
      assertTrue(e.getCause().getMessage().contains("SparkFederationTest"), "the executor's stack trace is kept");
    }
  }

  static ClientApp hangingClient() {
    ClientApp base = fedAvgClient();
    return new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
        return base.fit(in, ctx);
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return base.evaluate(in, ctx);
      }
    };
  }

  @Test
  void aHungClientFailsTheRoundAfterTheJobLimit() {
    Map<Integer, ClientData> clients = clients();
    long start = System.nanoTime();
    try (SparkFederation f = new SparkFederation(sc, SETTINGS.withJobTimeoutMillis(1_500), clients,
        SparkFederationTest::hangingClient, 42)) {
      FederationException e = assertThrows(FederationException.class,
          () -> f.run(new FedAvg(ClientSampler.all()), initial(clients), 1));
      assertTrue(e.getMessage().contains("did not finish within 1500 ms"), e.getMessage());
    }
    assertTrue((System.nanoTime() - start) / 1e9 < 20, "the hung job was cancelled, not waited for");
    assertEquals(3, sc.parallelize(java.util.List.of(1, 2, 3), 2).count(), "the context still runs jobs");
  }

  @Test
  void dittoPersonalStateStaysOnTheExecutorsAcrossRounds() {
    Map<Integer, ClientData> clients = clients();
    // Two of six clients train per round, all evaluate their personal model: a client that trained
    // in an earlier round only and lost its state would be evaluated on the global model instead.
    InMemoryStateStore simStore = new InMemoryStateStore();
    FederationResult sim = simulate(clients, dittoClient(), new Ditto(ClientSampler.fixedCount(2), 0.5), 4,
        simStore);
    try (SparkFederation f = new SparkFederation(sc, SETTINGS.withTreeAggregate(false), clients,
        SparkFederationTest::dittoClient, 42)) {
      FederationResult spark = f.run(new Ditto(ClientSampler.fixedCount(2), 0.5), initial(clients), 4);
      assertArrayEquals(sim.global().flatten().data(), spark.global().flatten().data());
      assertEquals(sim.rounds(), spark.rounds());
      assertEquals(sim.finalClientMetrics(), spark.finalClientMetrics());
      assertEquals(simStore.size(), f.storedStates());
      assertTrue(simStore.size() > 2 && simStore.size() < 6, "some clients trained earlier, not in the last round: "
          + simStore.size());
    }
    // The control: FedAvg's evaluations of the same global model differ from Ditto's personal ones.
    FederationResult fedAvg = simulate(clients, dittoClient(), new FedAvg(ClientSampler.fixedCount(2)), 4,
        new InMemoryStateStore());
    assertNotEquals(fedAvg.finalClientMetrics(), sim.finalClientMetrics());
  }
}
