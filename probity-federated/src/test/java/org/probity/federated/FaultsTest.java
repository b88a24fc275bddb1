package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class FaultsTest {
  private static FederationResult oneRound(ClientApp app, Faults faults, long seed) {
    try (InProcessBackend b = new InProcessBackend(2, 0, faults)) {
      return new Federation(Fixtures.dummyClients(20), app, b, seed).run(new FedAvg(ClientSampler.all()),
          Fixtures.constant(0, 3), 1);
    }
  }

  @Test
  void dropoutsAreSeededAndTheRoundAveragesOnlyTheArrivedReplies() {
    Set<Integer> called = new ConcurrentSkipListSet<>();
    FederationResult r = oneRound(Fixtures.constantClient(-1, called), new Faults(0.3, 1, 2), 17);
    RoundRecord rec = r.lastRound();
    assertEquals(20, rec.sampled());
    assertTrue(rec.dropped() > 0 && rec.stragglers() > 0, "expected both kinds of fault: " + rec);
    assertEquals(rec.sampled(), rec.arrived() + rec.dropped() + rec.stragglers());
    assertEquals(called.size(), rec.arrived());
    double mean = called.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertEquals(mean, r.global().flatten().data()[0], 1e-5);

    Set<Integer> again = new ConcurrentSkipListSet<>();
    oneRound(Fixtures.constantClient(-1, again), new Faults(0.3, 1, 2), 17);
    assertEquals(called, again, "the same seed must lose the same clients");
  }

  @Test
  void nanReplyIsRejectedCountedAndTheRoundGoesOn() {
    Set<Integer> called = new ConcurrentSkipListSet<>();
    FederationResult r = oneRound(Fixtures.constantClient(4, called), Faults.NONE, 1);
    assertEquals(1, r.lastRound().rejected());
    assertEquals(19, r.lastRound().arrived());
    double expect = (190.0 - 4) / 19;
    assertEquals(expect, r.global().flatten().data()[0], 1e-5);
  }

  @Test
  void everyClientFailingGivesAnErrorNamingTheRound() {
    ClientApp broken = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (in.round() == 2) {
          throw new IllegalStateException("disk full");
        }
        return new FitReply(in.clientId(), in.global(), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, 0, Map.of());
      }
    };
    FederationException e;
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(Fixtures.dummyClients(3), broken, b, 1);
      e = assertThrows(FederationException.class, () -> f.run(new FedAvg(ClientSampler.all()), Fixtures.constant(0, 2),
          3));
    }
    assertEquals(2, e.round());
    assertTrue(e.getMessage().startsWith("round 2: all 3 sampled clients failed in 2 attempts"), e.getMessage());
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
  }

  @Test
  void clientExceptionMessageNamesTheClient() {
    try (InProcessBackend b = new InProcessBackend(2)) {
      RoundOutcome<String> out = b.execute(5, List.of(new ClientTask<>(3, () -> "ok"), new ClientTask<>(7, () -> {
        throw new IllegalArgumentException("bad shape");
      })), new Rng(1));
      assertEquals(List.of("ok"), out.replies());
      assertEquals(1, out.failed());
      assertTrue(out.errors().get(0).contains("client 7") && out.errors().get(0).contains("bad shape")
          && out.errors().get(0).contains("round 5"), out.errors().toString());
    }
  }

  @Test
  void hungClientTimesOut() {
    try (InProcessBackend b = new InProcessBackend(2, 100, Faults.NONE)) {
      RoundOutcome<String> out = b.execute(1, List.of(new ClientTask<>(0, () -> {
        Thread.sleep(10_000);
        return "late";
      }), new ClientTask<>(1, () -> "ok")), new Rng(1));
      assertEquals(List.of("ok"), out.replies());
      assertEquals(1, out.timedOut());
    }
  }

  @Test
  void infReplyIsRejectedAndTheLogNamesTheClientAndRound() {
    ClientApp inf = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        float v = in.clientId() == 6 ? Float.POSITIVE_INFINITY : in.clientId();
        return new FitReply(in.clientId(), Fixtures.constant(v, in.global().count()), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, 0, Map.of());
      }
    };
    FederationResult r;
    try (LogCapture log = new LogCapture(Federation.class)) {
      r = oneRound(inf, Faults.NONE, 1);
      assertTrue(log.messages().stream().anyMatch(m -> m.contains("round 1: rejected the reply of client 6")),
          log.messages().toString());
    }
    assertEquals(1, r.lastRound().rejected());
    assertEquals(19, r.lastRound().arrived());
    assertEquals((190.0 - 6) / 19, r.global().flatten().data()[0], 1e-5);
  }

  @Test
  void aClientExceptionReachesTheLogWithTheClientIdAndTheRoundGoesOn() {
    ClientApp oneBroken = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (in.clientId() == 13) {
          throw new IllegalStateException("out of memory on the device");
        }
        return new FitReply(in.clientId(), Fixtures.constant(in.clientId(), in.global().count()), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, 0, Map.of());
      }
    };
    FederationResult r;
    try (LogCapture log = new LogCapture(InProcessBackend.class)) {
      r = oneRound(oneBroken, Faults.NONE, 1);
      assertTrue(log.messages().stream().anyMatch(m -> m.startsWith("WARNING") && m.contains("round 1: client 13 failed")
          && m.contains("out of memory on the device")), log.messages().toString());
    }
    assertEquals(1, r.lastRound().failed());
    assertEquals(19, r.lastRound().arrived());
    assertEquals(1, r.lastRound().attempts(), "a round with replies is not retried");
    assertEquals((190.0 - 13) / 19, r.global().flatten().data()[0], 1e-5);
  }

  @Test
  void aRoundWhoseFirstAttemptFailsEntirelyIsRetriedOnce() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ClientApp flaky = new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        if (calls.incrementAndGet() <= 3) {
          throw new IllegalStateException("transient");
        }
        return new FitReply(in.clientId(), Fixtures.constant(in.clientId(), in.global().count()), 1, Map.of());
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return new EvaluateReply(in.clientId(), 1, 0, Map.of());
      }
    };
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(1)) {
      r = new Federation(Fixtures.dummyClients(3), flaky, b, 1).run(new FedAvg(ClientSampler.all()),
          Fixtures.constant(0, 2), 1);
    }
    RoundRecord rec = r.lastRound();
    assertEquals(2, rec.attempts());
    assertEquals(3, rec.failed());
    assertEquals(3, rec.arrived());
    assertEquals(1.0, r.global().flatten().data()[0], 1e-6);
  }
}
