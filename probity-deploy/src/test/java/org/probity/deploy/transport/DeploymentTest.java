package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.federated.FederationResult;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.tensor.nn.Params;

/**
 * One server and three pulling clients over real loopback sockets run probity-federated's round
 * loop and end with exactly the simulation's parameters and round records; a server stopped after
 * round 2 and restarted on its checkpoint folder ends the same way.
 */
class DeploymentTest extends LoopbackTest {

  private List<FederationClient> clients(int port) {
    List<FederationClient> out = new ArrayList<>();
    for (int id : Sites.ids()) {
      out.add(track(FederationClient.start(Sites.client(port, id))));
    }
    return out;
  }

  @Test
  void threeSitesFiveRoundsEqualTheSimulation() throws Exception {
    FederationResult sim = Sites.simulate();
    FederationServer server = track(FederationServer.start(Sites.server(dir).build()));
    List<FederationClient> clients = clients(server.port());
    FederationResult dep = server.awaitResult(12_000);
    assertTrue(server.awaitClientsDone(5000));
    assertArrayEquals(sim.global().flatten().data(), dep.global().flatten().data());
    assertEquals(sim.rounds(), dep.rounds());
    assertEquals(sim.finalClientMetrics(), dep.finalClientMetrics());
    for (FederationClient c : clients) {
      assertTrue(c.awaitDone(5000), "client told the run is done: " + c.state());
      assertEquals(List.of(1, 2, 3, 4, 5), c.fitRounds());
    }
    List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertEquals(5, audit.size());
    assertTrue(audit.get(4).startsWith("{\"round\":5,\"sampled\":3,\"arrived\":3,"), audit.get(4));
    assertTrue(audit.get(4).contains("\"sites\":[\"site-0\",\"site-1\",\"site-2\"]"), audit.get(4));
    assertTrue(Files.exists(dir.resolve("ckpt/round-5/global.safetensors")));
    assertEquals("round-5", Files.readString(dir.resolve("ckpt/latest")).trim());
    String status = StatusClient.query("127.0.0.1:" + server.port(), null, 2000);
    assertTrue(status.contains("\"state\":\"done\"") && status.contains("\"round\":5"), status);
  }

  @Test
  void aServerStoppedAfterRoundTwoResumesToTheSameParameters() throws Exception {
    FederationResult sim = Sites.simulate();
    CountDownLatch atTwo = new CountDownLatch(1);
    RoundListener killAfterTwo = new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        if (record.round() == 2) {
          atTwo.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS); // until the server is killed
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("killed");
        }
      }
    };
    FederationServer first = FederationServer.start(Sites.server(dir).listener(killAfterTwo).build());
    int port = first.port();
    clients(port);
    assertTrue(atTwo.await(10, TimeUnit.SECONDS), "round 2 reached");
    first.close();
    assertEquals("round-2", Files.readString(dir.resolve("ckpt/latest")).trim());
    FederationServer second = track(FederationServer.start(Sites.server(dir).port(port).build()));
    FederationResult dep = second.awaitResult(12_000);
    assertEquals(2, second.resumedFrom());
    assertArrayEquals(sim.global().flatten().data(), dep.global().flatten().data());
    assertEquals(sim.rounds(), dep.rounds());
    List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertEquals(5, audit.size(), String.join("\n", audit));
  }
}
