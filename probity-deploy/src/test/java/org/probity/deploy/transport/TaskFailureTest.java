package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
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
 * A site whose local training throws reports it (FailTask): the server counts a failure for that
 * round at once, under a task deadline far longer than the whole test, with the site's name and
 * its one-line message in the round's errors; the site carries on in the next round. Also the
 * message's codec: one line, clipped, and refused when longer than any client would send.
 */
class TaskFailureTest extends LoopbackTest {
  private final List<String> warnings = new ArrayList<>();
  private final Logger backendLog = Logger.getLogger(RemoteBackend.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (warnings) {
        warnings.add(r.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @AfterEach
  void stopCapturing() throws Exception {
    backendLog.removeHandler(capture);
  }

  @Test
  void aLocalFailureIsCountedForItsRoundAtOnceNamingTheSite() throws Exception {
    backendLog.addHandler(capture);
    // A deadline of a minute: if the failure were not reported the run could not end within the 12 s below.
    FederationServer server = FederationServer.start(Sites.server(dir).minClients(2).rounds(4)
        .taskDeadlineMillis(60_000).build());
    track(server);
    int victim = Sites.ids().get(1);
    ClientAppFactory failsInRoundTwo = recipe -> new ClientApp() {
      private final ClientApp inner = Sites.app();

      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (in.round() == 2) {
          throw new IllegalArgumentException("local data is corrupt\nsecond line that must not travel");
        }
        return inner.fit(in, ctx);
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return inner.evaluate(in, ctx);
      }
    };
    FederationClient bad = null;
    for (int id : Sites.ids()) {
      FederationClient c = FederationClient.start(id == victim ? Sites.client(server.port(), id, failsInRoundTwo)
          : Sites.client(server.port(), id));
      track(c);
      if (id == victim) {
        bad = c;
      }
    }
    long t0 = System.nanoTime();
    FederationResult r = server.awaitResult(12_000);
    assertTrue((System.nanoTime() - t0) / 1e9 < 12, "well before the 60 s deadline");
    RoundRecord two = r.rounds().get(1);
    assertEquals(2, two.round());
    assertEquals(1, two.failed(), two.toString());
    assertEquals(0, two.timedOut() + two.dropped(), two.toString());
    assertEquals(2, two.arrived(), two.toString());
    for (RoundRecord rec : r.rounds()) {
      if (rec.round() != 2) {
        assertEquals(3, rec.arrived(), rec.toString());
        assertEquals(0, rec.failed(), rec.toString());
      }
    }
    assertEquals(1, bad.failuresReported());
    assertEquals(List.of(1, 3, 4), bad.fitRounds());
    String expected = "round 2: site '" + Sites.site(victim) + "' (client " + victim + ") failed its fit task:"
        + " IllegalArgumentException: local data is corrupt";
    synchronized (warnings) {
      assertTrue(warnings.contains(expected), "round errors: " + warnings);
      assertTrue(warnings.stream().noneMatch(w -> w.contains("second line")), warnings.toString());
    }
  }

  @Test
  void theFailureMessageIsOneClippedLine() {
    String longMsg = "x".repeat(5000);
    String line = Messages.oneLine(new IllegalStateException(longMsg));
    assertEquals(Messages.MAX_FAILURE_CHARS, line.length());
    assertTrue(line.startsWith("IllegalStateException: xxx") && line.endsWith("..."), line);
    assertEquals("NullPointerException", Messages.oneLine(new NullPointerException()));
    assertEquals("RuntimeException: a", Messages.oneLine(new RuntimeException("a\r\nb")));
    Messages.TaskFailure f = Messages.decodeTaskFailure(Messages.encodeTaskFailure(
        new Messages.TaskFailure(77, "ok")));
    assertEquals(new Messages.TaskFailure(77, "ok"), f);
    // The encoder clips too, so even a hand-built report stays within the limit.
    assertEquals(Messages.MAX_FAILURE_CHARS, Messages.decodeTaskFailure(Messages.encodeTaskFailure(
        new Messages.TaskFailure(1, longMsg))).message().length());
  }

  @Test
  void anOverlongFailureMessageIsRefused() {
    byte[] msg = new Wire.Out(Messages.TASK_FAILED).i64(5).bytes(new byte[3 * Messages.MAX_FAILURE_CHARS + 1])
        .toBytes();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Messages.decodeTaskFailure(msg));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("'message'"), e.getStatus().getDescription());
  }
}
