package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.deploy.secagg.MaskedViewTest;
import org.probity.deploy.secagg.Quantizer;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientSampler;
import org.probity.federated.DpFixedClipping;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.FitReply;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Secure aggregation wired into the deployed federation (Bonawitz et al., CCS 2017): three loopback sites
 * run SecureFedAvg and end within the stated quantization bound of the plain simulated FedAvg (and of
 * DP-FedAvg with the same noise); the server's view of one site's update is uncorrelated with it; a site
 * that dies after sharing its keys is recovered and the round releases the survivors' exact sum; too many
 * dropouts fail the run cleanly, and a restarted server resumes it.
 */
class SecureDeploymentTest extends LoopbackTest {
  private static final int F = 20;
  private static final double MAX_ABS = 256;


  /** A strategy that records every fit reply it is handed, to show none carries parameters. */
  private static final class Recording extends SecureFedAvg {
    final List<FitReply> seen = new ArrayList<>();

    Recording() {
      super(ClientSampler.all());
    }

    @Override
    public Params aggregateFit(int round, Params global, List<FitReply> replies) {
      seen.addAll(replies);
      return super.aggregateFit(round, global, replies);
    }
  }

  private static ServerConfig.Builder secure(Path dir, SecureFedAvg strategy, int rounds) {
    return Sites.server(dir).strategy(strategy).rounds(rounds).secureAggregation(F, MAX_ABS, 2);
  }

  private static int totalExamples() {
    int n = 0;
    for (int id : Sites.ids()) {
      n += Sites.DATA.get(id).train().size();
    }
    return n;
  }

  @Test
  void threeSitesThreeRoundsMatchPlainFedAvgWithinTheQuantizationBound() throws Exception {
    int rounds = 3;
    List<float[]> simGlobals = new ArrayList<>();
    FederationResult sim;
    try (InProcessBackend b = new InProcessBackend(2)) {
      sim = new Federation(Sites.DATA, Sites.app(), b, Sites.SEED).run(new FedAvg(ClientSampler.all()), Sites.INIT,
          rounds, Sites.globals(simGlobals));
    }
    Recording strategy = new Recording();
    List<float[]> depGlobals = new ArrayList<>();
    FederationServer server = track(FederationServer.start(secure(dir, strategy, rounds)
        .listener(Sites.globals(depGlobals)).build()));
    for (int id : Sites.ids()) {
      track(FederationClient.start(Sites.client(server.port(), id)));
    }
    FederationResult dep = server.awaitResult(12_000);
    assertEquals(rounds, depGlobals.size());
    // The strategy saw every round's replies, none with parameters: only metadata and the secure sum.
    assertEquals(3 * rounds, strategy.seen.size());
    for (FitReply r : strategy.seen) {
      assertEquals(0, r.params().count(), "client " + r.clientId() + " handed parameters to the server");
    }
    // Per round: quantization n·2^-f-1 over N = Σ n_k, plus float32 rounding of the vectors and the result.
    double quant = 3 * Math.scalb(0.5, -F) / totalExamples();
    double bound = 0;
    double worst = 0;
    for (int r = 0; r < rounds; r++) {
      float[] s = simGlobals.get(r);
      double ulp = Math.ulp((float) Sites.maxAbs(s));
      bound += quant + 4 * ulp; // deviations add up over rounds (local training here is not expansive)
      double d = Sites.maxDiff(s, depGlobals.get(r));
      worst = Math.max(worst, d / bound);
      assertTrue(d <= bound, "round " + (r + 1) + ": secure and plain FedAvg differ by " + d + " > bound " + bound);
    }
    assertTrue(Sites.maxDiff(sim.global().flatten().data(), dep.global().flatten().data()) <= bound);
    assertEquals("secure-fedavg", dep.strategy());
  }

  @Test
  void dpFedAvgOverSecureSumMatchesDpFixedClippingWithTheSameNoise() throws Exception {
    double clip = 0.5;
    double sigma = 0.3;
    FederationResult sim;
    try (InProcessBackend b = new InProcessBackend(2)) {
      sim = new Federation(Sites.DATA, Sites.app(), b, Sites.SEED).run(
          new DpFixedClipping(new FedAvg(ClientSampler.all()), sigma, clip, 1.0, 1e-5), Sites.INIT, 2);
    }
    FederationServer server = track(FederationServer.start(secure(dir, SecureFedAvg.withDp(ClientSampler.all(),
        clip, sigma, 1.0), 2).build()));
    for (int id : Sites.ids()) {
      track(FederationClient.start(Sites.client(server.port(), id)));
    }
    FederationResult dep = server.awaitResult(12_000);
    float[] s = sim.global().flatten().data();
    // Per round: 3 clipped deltas quantized (3·2^-f-1) over m = 3, plus float rounding; two rounds.
    double bound = 2 * (Math.scalb(0.5, -F) + 8 * Math.ulp((float) Sites.maxAbs(s)));
    double d = Sites.maxDiff(s, dep.global().flatten().data());
    assertTrue(d <= bound, "secure DP-FedAvg and DpFixedClipping differ by " + d + " > " + bound);
    assertTrue(Sites.maxDiff(s, Sites.INIT.flatten().data()) > 10 * bound, "the noise and updates moved the model");
  }

  @Test
  void theServersViewOfOneSiteIsUncorrelatedWithItsUpdate() throws Exception {
    ModelSpec spec = ModelSpec.mlp(List.of(80), "relu", 0);
    Params init = Models.build(spec, Sites.DATA.get(0).train(), new Rng(4)).params();
    assertTrue(init.count() >= 5000, "model of " + init.count() + " parameters");
    ClientApp app = new SupervisedClient(spec, 1, 16, Optimizers.sgd(0.1));
    FederationServer server = track(FederationServer.start(Sites.server(dir).initial(init)
        .strategy(new SecureFedAvg(ClientSampler.all())).rounds(1).secureAggregation(F, MAX_ABS, 2)
        .maxMessageBytes(1 << 20).build()));
    Map<Integer, int[]> seen = new ConcurrentHashMap<>();
    server.tapMasked((round, m) -> seen.put(m.clientId(), m.masked().clone()));
    Map<Integer, float[]> truth = new ConcurrentHashMap<>();
    for (int id : Sites.ids()) {
      FederationClient c = FederationClient.start(Sites.client(server.port(), id, recipe -> app));
      c.secureInputTap = v -> truth.put(id, v);
      track(c);
    }
    server.awaitResult(12_000);
    SecAggConfig cfg = new SecAggConfig(init.count() + 1, F, MAX_ABS, 3, 2);
    int[] q = new Quantizer(cfg).quantize(truth.get(0));
    int[] masked = seen.get(0);
    assertNotNull(masked);
    double r = MaskedViewTest.pearson(q, masked);
    assertTrue(Math.abs(r) < 0.05, "correlation of the server's view with the true update: " + r);
    long nonZero = java.util.Arrays.stream(q).filter(v -> v != 0).count();
    assertTrue(nonZero > q.length / 2, "the true update is not trivial: " + nonZero + " non-zero coordinates");
  }

  @Test
  void aSiteThatDiesAfterSharingKeysIsRecoveredAndTheSurvivorsSumIsExact() throws Exception {
    List<float[]> depGlobals = new ArrayList<>();
    FederationServer server = track(FederationServer.start(secure(dir, new SecureFedAvg(ClientSampler.all()), 1)
        .minClients(2).listener(Sites.globals(depGlobals)).build()));
    Map<Integer, float[]> truth = new ConcurrentHashMap<>();
    for (int id : Sites.ids()) {
      FederationClient c = FederationClient.start(Sites.client(server.port(), id));
      c.secureInputTap = v -> truth.put(id, v);
      if (id == 2) {
        c.dieAtSecAggPhase = SecureAggregation.PHASE_DELIVERY; // advertised and shared keys, never masks
      }
      track(c);
    }
    FederationResult dep = server.awaitResult(12_000);
    assertEquals(1, dep.rounds().size());
    assertEquals(List.of(0, 1), List.copyOf(new java.util.TreeSet<>(truth.keySet())));
    float[] g = Sites.INIT.flatten().data();
    float[] a = truth.get(0);
    float[] b = truth.get(1);
    int n = g.length;
    double weight = (double) a[n] + b[n];
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      expected[i] = (float) (g[i] + ((double) a[i] + b[i]) / weight);
    }
    double bound = 2 * Math.scalb(0.5, -F) / weight + Math.ulp((float) Sites.maxAbs(expected));
    double d = Sites.maxDiff(expected, depGlobals.get(0));
    assertTrue(d <= bound, "survivors' sum off by " + d + " > " + bound);
  }

  @Test
  void tooManyDropoutsFailTheRunCleanlyAndARestartResumesIt() throws Exception {
    ServerConfig.Builder b = secure(dir, new SecureFedAvg(ClientSampler.all()), 3).minClients(2)
        .taskDeadlineMillis(1500).quorumWaitMillis(3000);
    List<FederationClient> doomed = new java.util.concurrent.CopyOnWriteArrayList<>();
    RoundListener doomAfterRoundOne = new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        // Before round 2 starts: both die after sharing their keys in it, leaving 1 < t = 2.
        for (FederationClient c : doomed) {
          c.dieAtSecAggPhase = SecureAggregation.PHASE_DELIVERY;
        }
      }
    };
    FederationServer first = track(FederationServer.start(b.listener(doomAfterRoundOne).build()));
    int port = first.port();
    track(FederationClient.start(Sites.client(port, 0)));
    for (int id : List.of(1, 2)) {
      doomed.add(track(FederationClient.start(Sites.client(port, id))));
    }
    ExecutionException e = assertThrows(ExecutionException.class, () -> first.awaitResult(12_000));
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("secure aggregation aborted"),
        e.getCause().getMessage());
    assertEquals("failed", first.state());
    assertEquals(1, first.lastRound());
    first.close();
    FederationServer second = track(FederationServer.start(b.listener(RoundListener.NONE).port(port).build()));
    for (int id : List.of(1, 2)) {
      track(FederationClient.start(Sites.client(port, id)));
    }
    FederationResult dep = second.awaitResult(12_000);
    assertEquals(1, second.resumedFrom());
    assertEquals(3, dep.rounds().size());
    assertEquals("done", second.state());
  }
}
