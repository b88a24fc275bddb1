package org.probity.deploy.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.probity.deploy.secagg.AdvertiseKeys;
import org.probity.deploy.secagg.EncryptedShares;
import org.probity.deploy.secagg.KeyRoster;
import org.probity.deploy.secagg.MaskedInput;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecAggResult;
import org.probity.deploy.secagg.SecAggServer;
import org.probity.deploy.secagg.ShareDelivery;
import org.probity.deploy.secagg.UnmaskResponse;

/**
 * The server's driver of one secure-aggregation round over the pull transport (Bonawitz et al., CCS 2017):
 * after a round's fit tasks returned — carrying only metadata, their updates kept at the sites — it runs
 * the four phases as tasks of kind {@link #KIND} on the {@link TaskBoard} (setup → AdvertiseKeys,
 * KeyRoster → EncryptedShares, ShareDelivery → MaskedInput, UnmaskRequest → UnmaskResponse), each phase
 * closing when every expected site answered or the task deadline passed. A site that fails or misses a
 * phase is a dropout of the {@link SecAggServer}, which recovers its masks in the unmasking phase or
 * aborts the round below the threshold. Only masked vectors and the final sum ever reach this object;
 * a masked vector longer than one chunk reaches it reassembled and verified from chunks
 * ({@link BytesWire}), so the model size is not bounded by the message size limit.
 * Also the codec of the phase messages ({@link Step}, {@link Setup}).
 */
final class SecureAggregation {
  private static final System.Logger LOG = System.getLogger(SecureAggregation.class.getName());

  /** Task kind of a secure-aggregation phase (fit 1, evaluate 2, done 3). */
  static final int KIND = Messages.KIND_SECAGG;
  /** Wire type of a phase instruction (14 is the task-failure report). */
  static final byte STEP = 15;
  /** Wire type of the phase-0 setup body. */
  static final byte SETUP = 16;

  static final int PHASE_SETUP = 0;
  static final int PHASE_ROSTER = 1;
  static final int PHASE_DELIVERY = 2;
  static final int PHASE_UNMASK = 3;

  /** A phase instruction: the round, the phase and the server's message for it. */
  record Step(int round, int phase, byte[] body) {}

  /**
   * What a site needs to start a round: the deployment's fixed-point configuration, whether it sends
   * [clip_S(Δ), 1] (DP) or [nΔ, n], and the participants (the sites whose fit replies arrived).
   */
  record Setup(SecAggConfig config, boolean dp, double clipNorm, int[] participants) {}

  private final TaskBoard board;
  private final long deadlineMillis;
  /** Test hook: sees each masked vector as the server received it. */
  volatile BiConsumer<Integer, MaskedInput> maskedTap;

  SecureAggregation(TaskBoard board, long deadlineMillis) {
    this.board = board;
    this.deadlineMillis = deadlineMillis;
  }

  /** Runs the four phases with {@code participants}; throws SecAggAbortedException below the threshold. */
  SecAggResult run(int round, SecAggConfig config, boolean dp, double clipNorm, int[] participants) {
    SecAggServer server = new SecAggServer(config, round, participants);
    byte[] setup = encodeSetup(new Setup(config, dp, clipNorm, participants));
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    for (int id : participants) {
      out.put(id, setup);
    }
    for (Map.Entry<Integer, byte[]> e : exchange(round, PHASE_SETUP, out).entrySet()) {
      accept(round, e.getKey(), "AdvertiseKeys", () -> {
        AdvertiseKeys m = AdvertiseKeys.decode(e.getValue());
        same(m.clientId(), e.getKey(), "AdvertiseKeys");
        server.receive(m);
      });
    }
    KeyRoster roster = server.keyRoster();
    byte[] rosterBytes = roster.encode();
    out.clear();
    for (int id : roster.clientIds()) {
      out.put(id, rosterBytes);
    }
    for (Map.Entry<Integer, byte[]> e : exchange(round, PHASE_ROSTER, out).entrySet()) {
      accept(round, e.getKey(), "EncryptedShares", () -> {
        EncryptedShares m = EncryptedShares.decode(e.getValue());
        same(m.sender(), e.getKey(), "EncryptedShares");
        server.receive(m);
      });
    }
    out.clear();
    for (Map.Entry<Integer, ShareDelivery> d : server.shareDeliveries().entrySet()) {
      out.put(d.getKey(), d.getValue().encode());
    }
    for (Map.Entry<Integer, byte[]> e : exchange(round, PHASE_DELIVERY, out).entrySet()) {
      accept(round, e.getKey(), "MaskedInput", () -> {
        MaskedInput m = MaskedInput.decode(e.getValue());
        same(m.clientId(), e.getKey(), "MaskedInput");
        server.receive(m);
        BiConsumer<Integer, MaskedInput> tap = maskedTap;
        if (tap != null) {
          tap.accept(round, m);
        }
      });
    }
    var request = server.unmaskRequest();
    byte[] requestBytes = request.encode();
    out.clear();
    for (int id : request.survivors()) {
      out.put(id, requestBytes);
    }
    for (Map.Entry<Integer, byte[]> e : exchange(round, PHASE_UNMASK, out).entrySet()) {
      accept(round, e.getKey(), "UnmaskResponse", () -> {
        UnmaskResponse m = UnmaskResponse.decode(e.getValue());
        same(m.clientId(), e.getKey(), "UnmaskResponse");
        server.receive(m);
      });
    }
    return server.result();
  }

  private static void same(int claimed, int site, String what) {
    if (claimed != site) {
      throw new IllegalArgumentException(what + " names client " + claimed + " but came from client " + site);
    }
  }

  /** A reply the protocol refuses makes its sender a dropout; it never stops the round by itself. */
  private static void accept(int round, int clientId, String what, Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.log(System.Logger.Level.WARNING, "secure aggregation round " + round + ": refused the " + what
          + " of client " + clientId + " (treated as dropped): " + e.getMessage());
    }
  }

  /**
   * Posts one phase task per site and waits, all under one deadline, for the replies; the sites that are
   * not connected, fail or time out are simply absent from the answer.
   */
  private Map<Integer, byte[]> exchange(int round, int phase, Map<Integer, byte[]> bodies) {
    Map<Integer, TaskBoard.Pending> posted = new LinkedHashMap<>();
    for (Map.Entry<Integer, byte[]> e : bodies.entrySet()) {
      TaskBoard.Slot slot = board.client(e.getKey());
      if (!board.online(slot)) {
        LOG.log(System.Logger.Level.WARNING, "secure aggregation round " + round + " phase " + phase + ": site '"
            + slot.site + "' is not connected (dropped)");
        continue;
      }
      byte[] step = encodeStep(new Step(round, phase, e.getValue()));
      posted.put(e.getKey(), board.post(e.getKey(), KIND, round, step, null));
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
    Map<Integer, byte[]> replies = new LinkedHashMap<>();
    List<String> lost = new ArrayList<>();
    try {
      for (Map.Entry<Integer, TaskBoard.Pending> e : posted.entrySet()) {
        long left = Math.max(0, end - System.nanoTime());
        try {
          Object r = e.getValue().reply.get(left, TimeUnit.NANOSECONDS);
          if (r instanceof byte[] b) {
            replies.put(e.getKey(), b);
          } else {
            lost.add(e.getKey() + " (not a secure-aggregation reply)");
          }
        } catch (TimeoutException x) {
          lost.add(e.getKey() + " (no reply within " + deadlineMillis + " ms)");
        } catch (ExecutionException x) {
          lost.add(e.getKey() + " (" + (x.getCause() == null ? x : x.getCause().getMessage()) + ")");
        }
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("secure aggregation round " + round + ": interrupted (server stopping)", x);
    } finally {
      for (TaskBoard.Pending p : posted.values()) {
        board.withdraw(p);
      }
    }
    if (!lost.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "secure aggregation round " + round + " phase " + phase
          + ": dropped clients " + lost);
    }
    return replies;
  }

  static byte[] encodeStep(Step s) {
    return new Wire.Out(STEP).i32(s.round()).u8(s.phase()).bytes(s.body()).toBytes();
  }

  static Step decodeStep(byte[] b) {
    Wire.In in = new Wire.In(b, STEP, "secure aggregation step");
    int round = in.i32("round");
    int phase = in.u8("phase");
    if (phase > PHASE_UNMASK) {
      throw Wire.invalid("secure aggregation step: unknown phase " + phase);
    }
    Step s = new Step(round, phase, in.bytes("body", Integer.MAX_VALUE));
    in.end();
    return s;
  }

  static byte[] encodeSetup(Setup s) {
    SecAggConfig c = s.config();
    Wire.Out o = new Wire.Out(SETUP).i32(c.vectorLength()).i32(c.fractionalBits()).f64(c.maxAbs())
        .i32(c.maxClients()).i32(c.threshold()).u8(s.dp() ? 1 : 0).f64(s.clipNorm()).i32(s.participants().length);
    for (int id : s.participants()) {
      o.i32(id);
    }
    return o.toBytes();
  }

  static Setup decodeSetup(byte[] b) {
    Wire.In in = new Wire.In(b, SETUP, "secure aggregation setup");
    SecAggConfig c;
    int length = in.i32("vectorLength");
    int f = in.i32("fractionalBits");
    double maxAbs = in.f64("maxAbs");
    int maxClients = in.i32("maxClients");
    int t = in.i32("threshold");
    try {
      c = new SecAggConfig(length, f, maxAbs, maxClients, t);
    } catch (IllegalArgumentException e) {
      throw Wire.invalid("secure aggregation setup: " + e.getMessage());
    }
    int dp = in.u8("dp");
    if (dp > 1) {
      throw Wire.invalid("secure aggregation setup: field 'dp' is " + dp + ", not a boolean");
    }
    double clip = in.f64("clipNorm");
    int n = in.count("participants", 4);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = in.i32("participants");
    }
    in.end();
    return new Setup(c, dp == 1, clip, ids);
  }
}
