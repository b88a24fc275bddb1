package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FederationResult;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.federated.RoundRecord;

/**
 * A site that goes down while it trains in round 3: the round completes with the other two (the
 * minimum), and the site, restarted under the same name, registers again and takes part in later
 * rounds.
 */
class ClientRestartTest extends LoopbackTest {
  @Test
  void aClientStoppedMidRoundRejoinsLater() throws Exception {
    FederationServer server = FederationServer.start(Sites.server(dir).minClients(2).rounds(6).build());
    track(server);
    int port = server.port();
    int victim = Sites.ids().get(2);
    CountDownLatch training = new CountDownLatch(1);
    ClientAppFactory hangsInRoundThree = recipe -> new ClientApp() {
      private final ClientApp inner = Sites.app();

      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (in.round() == 3) {
          training.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS); // until the site is stopped
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("site went down");
        }
        return inner.fit(in, ctx);
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return inner.evaluate(in, ctx);
      }
    };
    FederationClient last = null;
    for (int id : Sites.ids()) {
      last = track(FederationClient.start(id == victim ? Sites.client(port, id, hangsInRoundThree)
          : Sites.client(port, id)));
    }
    assertTrue(training.await(10, TimeUnit.SECONDS), "round 3 reached");
    FederationClient down = last;
    down.stop();
    FederationClient again = FederationClient.start(Sites.client(port, victim));
    track(again);
    FederationResult r = server.awaitResult(12_000);
    RoundRecord three = r.rounds().get(2);
    assertEquals(3, three.round());
    assertEquals(2, three.arrived(), three.toString());
    assertEquals(1, three.dropped() + three.timedOut(), three.toString());
    assertEquals(List.of(1, 2), down.fitRounds());
    assertTrue(again.fitRounds().contains(6), "rejoined: " + again.fitRounds());
    assertEquals(3, r.rounds().get(5).arrived());
    assertTrue(again.awaitDone(5000));
  }
}
