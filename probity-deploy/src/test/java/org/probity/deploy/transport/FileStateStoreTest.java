package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.federated.ClientSampler;
import org.probity.federated.Ditto;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The persistent client state store: values and parameters round-trip bit for bit through a new
 * instance on the same folder, writes leave no temporary files, a corrupt file is an error naming
 * it; and a Ditto site restarted between rounds on the same folder keeps its personal model, so
 * the deployment ends exactly as the uninterrupted simulation (per-round personal evaluation
 * included), which it could not if the personal model were lost.
 */
class FileStateStoreTest extends LoopbackTest {
  private static Params params(long seed) {
    Rng rng = new Rng(seed);
    float[] w = new float[6];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    return new Params(new java.util.LinkedHashMap<>(Map.of("w", Tensor.of(w, 2, 3))));
  }

  @Test
  void statesSurviveANewStoreOnTheSameFolder() throws Exception {
    Path f = dir.resolve("states");
    FileStateStore a = new FileStateStore(f);
    Params p = params(1);
    a.put(3, p);
    a.put(7, new double[] {1.5, -2});
    a.put(9, "ledger");
    a.put(9, params(2)); // a change of type replaces the file
    assertEquals(3, a.size());
    try (var files = Files.list(f)) {
      assertEquals(List.of("client-3.safetensors", "client-7.ser", "client-9.safetensors"),
          files.map(x -> x.getFileName().toString()).sorted().toList());
    }
    FileStateStore b = new FileStateStore(f);
    assertEquals(3, b.size());
    assertArrayEquals(p.flatten().data(), ((Params) b.get(3).orElseThrow()).flatten().data());
    assertArrayEquals(new double[] {1.5, -2}, (double[]) b.get(7).orElseThrow());
    assertArrayEquals(params(2).flatten().data(), ((Params) b.get(9).orElseThrow()).flatten().data());
    assertEquals(Optional.empty(), b.get(4));
  }

  @Test
  void badInputIsRefusedNamingIt() throws Exception {
    Path f = dir.resolve("states");
    FileStateStore a = new FileStateStore(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.put(1, new ArrayList<>()));
    assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
    a.put(1, params(1));
    a.put(2, 42L);
    Files.write(f.resolve("client-1.safetensors"), new byte[] {1, 2, 3});
    Files.write(f.resolve("client-2.ser"), new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 9});
    Files.write(f.resolve("client-5.ser.77.tmp"), new byte[] {1}); // left by a crash mid-write
    FileStateStore b = new FileStateStore(f);
    assertFalse(Files.exists(f.resolve("client-5.ser.77.tmp")));
    assertEquals(2, b.size());
    IllegalStateException c1 = assertThrows(IllegalStateException.class, () -> b.get(1));
    assertTrue(c1.getMessage().contains(f.resolve("client-1.safetensors").toString()), c1.getMessage());
    IllegalStateException c2 = assertThrows(IllegalStateException.class, () -> b.get(2));
    assertTrue(c2.getMessage().contains("client-2.ser") && c2.getMessage().contains("corrupt"), c2.getMessage());
    Files.writeString(f.resolve("notes.txt"), "hello");
    IllegalArgumentException stray = assertThrows(IllegalArgumentException.class, () -> new FileStateStore(f));
    assertTrue(stray.getMessage().contains("notes.txt"), stray.getMessage());
  }

  @Test
  void aDittoSiteRestartedBetweenRoundsKeepsItsPersonalModel() throws Exception {
    Ditto ditto = new Ditto(ClientSampler.all(), 0.5);
    FederationResult sim;
    try (InProcessBackend b = new InProcessBackend(2)) {
      sim = new Federation(Sites.DATA, Sites.app(), b, Sites.SEED).run(new Ditto(ClientSampler.all(), 0.5),
          Sites.INIT, Sites.ROUNDS);
    }
    CountDownLatch atTwo = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    RoundListener pauseAfterTwo = new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        if (record.round() == 2) {
          atTwo.countDown();
          try {
            resume.await(10, TimeUnit.SECONDS); // the round loop waits while the site restarts
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    FederationServer server = FederationServer.start(Sites.server(dir).strategy(ditto).listener(pauseAfterTwo)
        .build());
    track(server);
    int port = server.port();
    int victim = Sites.ids().get(0);
    Path states = dir.resolve("site-state");
    FederationClient first = null;
    for (int id : Sites.ids()) {
      ClientConfig cfg = Sites.client(port, id);
      FederationClient c = FederationClient.start(id == victim ? cfg.withStore(new FileStateStore(states)) : cfg);
      track(c);
      if (id == victim) {
        first = c;
      }
    }
    assertTrue(atTwo.await(10, TimeUnit.SECONDS), "round 2 reached");
    first.stop();
    assertTrue(Files.exists(states.resolve("client-" + victim + ".safetensors")), "personal model on disk");
    FederationClient again = FederationClient.start(Sites.client(port, victim).withStateDir(states));
    track(again);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (again.clientId() < 0 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(victim, again.clientId(), "the restarted site registered: " + again.state());
    resume.countDown();
    FederationResult dep = server.awaitResult(12_000);
    assertEquals(List.of(1, 2), first.fitRounds());
    assertEquals(List.of(3, 4, 5), again.fitRounds());
    assertEquals(sim.rounds(), dep.rounds());
    assertArrayEquals(sim.global().flatten().data(), dep.global().flatten().data());
    assertEquals(sim.finalClientMetrics(), dep.finalClientMetrics());
  }
}
