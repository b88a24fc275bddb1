package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;

/** Bytes per round against (sampled·P + arrived·P)·4 counted by hand, and round times. */
class CommunicationTest {
  private static final int P = 3;

  private static FederationResult run(int clients, ClientSampler fit, Faults faults, int nanClient, int rounds,
      long seed) {
    try (InProcessBackend b = new InProcessBackend(2, 0, faults)) {
      return new Federation(Fixtures.dummyClients(clients), Fixtures.constantClient(nanClient,
          new ConcurrentSkipListSet<>()), b, seed).run(new FedAvg(fit), Fixtures.constant(0, P), rounds);
    }
  }

  @Test
  void bytesPerRoundAreFloat32ParametersDownToEachSampledClientAndUpFromEachReply() {
    FederationResult r = run(10, ClientSampler.fixedCount(4), Faults.NONE, -1, 3, 5);
    assertEquals(3, r.rounds().size());
    for (RoundRecord rec : r.rounds()) {
      assertEquals(4, rec.sampled());
      assertEquals(4, rec.arrived());
      assertEquals(4L * P * 4, rec.bytesDown(), "4 sampled clients x 3 floats x 4 bytes");
      assertEquals(4L * P * 4, rec.bytesUp());
      assertEquals((4L * P + 4L * P) * 4, rec.fitBytes());
      assertEquals(10L * P * 4, rec.evaluateBytesDown(), "FedAvg evaluates all 10 clients");
    }
    assertEquals(3 * 48L, r.totalBytesDown());
    assertEquals(3 * 48L, r.totalBytesUp());
    assertEquals(3 * 120L, r.totalEvaluateBytesDown());
    assertArrayEquals(new long[] {48, 96, 144}, r.cumulativeBytesDown());
    assertArrayEquals(new long[] {48, 96, 144}, r.cumulativeBytesUp());
  }

  @Test
  void droppedClientsCostDownloadButNoUpload() {
    FederationResult r = run(20, ClientSampler.all(), new Faults(0.3, 1, 2), -1, 1, 17);
    RoundRecord rec = r.lastRound();
    assertTrue(rec.dropped() + rec.stragglers() > 0, "expected faults: " + rec);
    assertEquals(1, rec.attempts());
    assertEquals((long) rec.sampled() * P * 4, rec.bytesDown());
    assertEquals((long) rec.arrived() * P * 4, rec.bytesUp());
    assertTrue(rec.bytesUp() < rec.bytesDown());
  }

  @Test
  void rejectedRepliesWereStillSentUp() {
    FederationResult r = run(20, ClientSampler.all(), Faults.NONE, 4, 1, 1);
    RoundRecord rec = r.lastRound();
    assertEquals(1, rec.rejected());
    assertEquals(19, rec.arrived());
    assertEquals(20L * P * 4, rec.bytesUp());
  }

  @Test
  void localTrainingSendsNothing() {
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(2)) {
      r = new Federation(Fixtures.dummyClients(6), Fixtures.constantClient(-1, new ConcurrentSkipListSet<>()), b, 3)
          .run(new Local(), Fixtures.constant(0, P), 2);
    }
    assertEquals(6, r.lastRound().arrived(), "every client still trains");
    assertEquals(0, r.totalBytesDown());
    assertEquals(0, r.totalBytesUp());
    assertEquals(0, r.totalEvaluateBytesDown());
  }

  @Test
  void theListenerHearsEveryRoundAsItEndsWithTheRecordTheResultKeeps() {
    List<RoundRecord> heard = new java.util.ArrayList<>();
    List<Double> millis = new java.util.ArrayList<>();
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(2)) {
      r = new Federation(Fixtures.dummyClients(5), Fixtures.constantClient(-1, new ConcurrentSkipListSet<>()), b, 2)
          .run(new FedAvg(ClientSampler.all()), Fixtures.constant(0, P), 4, (rec, ms) -> {
            assertEquals(heard.size() + 1, rec.round(), "rounds in order, each once");
            heard.add(rec);
            millis.add(ms);
          });
    }
    assertEquals(r.rounds(), heard);
    assertEquals(r.roundMillis(), millis);
  }

  @Test
  void aListenerThatThrowsStopsTheRun() {
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(Fixtures.dummyClients(3), Fixtures.constantClient(-1,
          new ConcurrentSkipListSet<>()), b, 2);
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> f.run(new FedAvg(ClientSampler.all()), Fixtures.constant(0, P), 5, (rec, ms) -> {
            if (rec.round() == 2) {
              throw new IllegalStateException("disk full");
            }
          }));
      assertEquals("disk full", e.getMessage());
    }
  }

  @Test
  void everyRoundIsTimed() {
    FederationResult r = run(5, ClientSampler.all(), Faults.NONE, -1, 4, 2);
    assertEquals(4, r.roundMillis().size());
    for (double ms : r.roundMillis()) {
      assertTrue(ms >= 0 && Double.isFinite(ms), "round time " + ms);
    }
    assertTrue(r.totalMillis() >= 0);
  }

  @Test
  void legacyConstructorsRecordNoCommunicationAndNoTimes() {
    RoundRecord rec = new RoundRecord(1, 2, 2, 0, 0, 0, 0, 0, 1, Map.of());
    assertEquals(0, rec.bytesDown());
    assertEquals(0, rec.bytesUp());
    assertEquals(0, rec.evaluateBytesDown());
    FederationResult r = new FederationResult("x", Fixtures.constant(0, 1), List.of(rec), Map.of());
    assertEquals(1, r.roundMillis().size());
    assertTrue(Double.isNaN(r.roundMillis().get(0)));
  }
}
