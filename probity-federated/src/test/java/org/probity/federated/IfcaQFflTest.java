package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/** IFCA's clustering and q-FFL's aggregation, against hand computations and a two-population federation. */
class IfcaQFflTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();

  private static FitReply reply(int id, float value, int n, double initialLoss) {
    return new FitReply(id, Fixtures.constant(value, 3), 1, Map.of(SupervisedClient.INITIAL_LOSS, initialLoss));
  }

  @Test
  void qFflFollowsTheOfficialUpdate() {
    double q = 2;
    double lip = 4;
    Params global = Fixtures.constant(0.5f, 3);
    List<FitReply> replies = List.of(reply(0, 1f, 1, 0.3), reply(1, -2f, 1, 1.7));
    float[] got = new QFfl(ClientSampler.all(), q, lip).aggregateFit(1, global, replies).flatten().data();
    // Per coordinate: Δw_k = L(w − w_k); Δ_k = F^q Δw_k; h_k = q F^{q−1}·(3 coordinates)·Δw_k² + L F^q.
    double[] f = {0.3 + 1e-10, 1.7 + 1e-10};
    double[] wk = {1, -2};
    double num = 0;
    double den = 0;
    for (int k = 0; k < 2; k++) {
      double dw = lip * (0.5 - wk[k]);
      num += Math.pow(f[k], q) * dw;
      den += q * Math.pow(f[k], q - 1) * 3 * dw * dw + lip * Math.pow(f[k], q);
    }
    float expected = (float) (0.5 - num / den);
    assertArrayEquals(new float[] {expected, expected, expected}, got, 1e-6f);
    // q = 0: the unweighted mean of the client models, whatever the losses.
    float[] mean = new QFfl(ClientSampler.all(), 0, lip).aggregateFit(1, global, replies).flatten().data();
    assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f}, mean, 1e-6f);
  }

  @Test
  void qFflNeedsTheInitialLoss() {
    List<FitReply> replies = List.of(new FitReply(3, Fixtures.constant(1, 3), 1, Map.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new QFfl(ClientSampler.all(), 1, 1).aggregateFit(1, Fixtures.constant(0, 3), replies));
    assertTrue(e.getMessage().contains("client 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QFfl(ClientSampler.all(), -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new QFfl(ClientSampler.all(), 1, 0));
  }

  @Test
  void qFflMovesTowardsTheHighLossClient() {
    List<FitReply> replies = List.of(reply(0, 1f, 1, 0.2), reply(1, -1f, 1, 2.0));
    Params global = Fixtures.constant(0, 3);
    float q0 = new QFfl(ClientSampler.all(), 0, 10).aggregateFit(1, global, replies).flatten().data()[0];
    float q1 = new QFfl(ClientSampler.all(), 1, 10).aggregateFit(1, global, replies).flatten().data()[0];
    float q3 = new QFfl(ClientSampler.all(), 3, 10).aggregateFit(1, global, replies).flatten().data()[0];
    assertEquals(0f, q0, 1e-7f);
    // Not monotone in q: a larger q also enlarges h_k and so shortens the step (q = 1: −0.029, q = 3: −0.022).
    assertTrue(q1 < 0 && q3 < 0, q0 + " " + q1 + " " + q3);
  }

  @Test
  void qFflTrainsEndToEndWithTheSupervisedClient() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(8, 100, 1);
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(2)) {
      FederationResult r = new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.05)), b, 21)
          .run(new QFfl(ClientSampler.all(), 1, 1 / 0.05), init, 8);
      double first = r.rounds().get(0).metrics().get("client_mean_accuracy");
      double last = r.lastRound().metrics().get("client_mean_accuracy");
      assertTrue(last > first + 0.05, "q-ffl accuracy " + first + " -> " + last);
    }
  }

  /** 8 iid clients; clients 4..7 see every label shifted by one, so no single softmax model fits both halves. */
  private static Map<Integer, ClientData> twoPopulations() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.iidDefaults().withClients(8).withMaxSize(120),
        new Rng(5));
    Map<Integer, ClientData> base = FederatedData.byClient(d, 0.25, 0, new Rng(5).derive("split"));
    Map<Integer, ClientData> out = new TreeMap<>();
    int i = 0;
    for (Map.Entry<Integer, ClientData> e : base.entrySet()) {
      ClientData c = e.getValue();
      out.put(i, i < base.size() / 2 ? c : new ClientData(shift(c.train()), null, shift(c.test())));
      i++;
    }
    return out;
  }

  private static Dataset shift(Dataset d) {
    int[] y = d.labels().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = (y[i] + 1) % d.numClasses();
    }
    return d.withLabels(y);
  }

  @Test
  void ifcaSeparatesTwoPopulationsAndBeatsFedAvg() {
    Map<Integer, ClientData> clients = twoPopulations();
    Dataset any = clients.get(0).train();
    List<Params> inits = new ArrayList<>();
    for (int j = 0; j < 2; j++) {
      inits.add(org.probity.core.model.Models.build(SPEC, any, new Rng(100 + j)).params());
    }
    ClientApp app = new SupervisedClient(SPEC, 2, 10, Optimizers.sgd(0.1));
    FederationResult ifca;
    FederationResult avg;
    try (InProcessBackend b = new InProcessBackend(2)) {
      ifca = new Federation(clients, app, b, 21).run(new Ifca(ClientSampler.all(), 2), Ifca.stack(inits), 10);
      avg = new Federation(clients, app, b, 21).run(new FedAvg(ClientSampler.all()), inits.get(0), 10);
    }
    double[] cluster = new double[8];
    for (Map.Entry<Integer, EvaluateReply> e : ifca.finalClientMetrics().entrySet()) {
      cluster[e.getKey()] = e.getValue().metrics().get(Ifca.CLUSTER);
    }
    System.out.println("ifca clusters " + java.util.Arrays.toString(cluster) + ", accuracy ifca "
        + ifca.lastRound().metrics().get("client_mean_accuracy") + " fedavg "
        + avg.lastRound().metrics().get("client_mean_accuracy"));
    for (int i = 1; i < 8; i++) {
      assertEquals(i < 4, cluster[i] == cluster[0], "cluster of client " + i + ": " + java.util.Arrays.toString(cluster));
    }
    assertTrue(ifca.lastRound().metrics().get("client_mean_accuracy")
        > avg.lastRound().metrics().get("client_mean_accuracy") + 0.1);
  }

  @Test
  void ifcaRejectsMoreClustersThanClientsAndBadStacks() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(3, 60, 2);
    Params one = Fixtures.initial(SPEC, clients, 4);
    Params stacked = Ifca.stack(List.of(one, one, one, one));
    try (InProcessBackend b = new InProcessBackend(1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Federation(clients, new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(0.1)), b, 1)
              .run(new Ifca(ClientSampler.all(), 4), stacked, 1));
      assertTrue(e.getMessage().contains("4 clusters but only 3 clients"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Ifca(ClientSampler.all(), 2).initialize(one));
    List<Params> back = Ifca.unstack(Ifca.stack(List.of(one, Fixtures.constant(2, 3))), 2);
    assertArrayEquals(one.flatten().data(), back.get(0).flatten().data());
    assertEquals(List.of("w"), back.get(1).names());
  }
}
