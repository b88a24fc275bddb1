package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.probity.deploy.secagg.MaskedInput;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.tensor.nn.Params;

/**
 * Masked inputs larger than the message size limit travel in chunks (Bonawitz et al., CCS 2017, over
 * {@link BytesWire}): with the server's messages capped far below one masked vector, three loopback sites
 * end bit-identical to the same deployment sending each vector in one message, and within the
 * quantization bound of plain simulated FedAvg; a site whose chunked masked input is corrupted, or
 * announces the wrong length, is refused ({@code DATA_LOSS}, {@code INVALID_ARGUMENT}) and is only a
 * dropout — the round releases the other sites' exact sum.
 */
class SecureChunkedDeploymentTest extends LoopbackTest {
  private static final int F = 20;
  private static final double MAX_ABS = 256;
  /** Far below one masked vector of the test model (about 2.4 KiB), above a 256-byte chunk. */
  private static final int SMALL_MESSAGES = 1024;

  private ServerConfig.Builder server(int rounds) {
    return Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all())).rounds(rounds)
        .secureAggregation(F, MAX_ABS, 2);
  }

  /** Runs a deployment and returns its globals per round; {@code chunked} counts the chunked masked inputs. */
  private List<float[]> deploy(ServerConfig.Builder b, int clientChunkBytes, AtomicInteger chunked) throws Exception {
    List<float[]> globals = new CopyOnWriteArrayList<>();
    FederationServer server = track(FederationServer.start(b.listener(Sites.globals(globals)).build()));
    for (int id : Sites.ids()) {
      FederationClient c = FederationClient.start(Sites.client(server.port(), id).withChunkBytes(clientChunkBytes));
      c.chunkedReplyTamper = m -> {
        chunked.incrementAndGet();
        return m;
      };
      track(c);
    }
    server.awaitResult(12_000);
    server.close();
    return globals;
  }

  @Test
  void aMaskedVectorOverTheMessageLimitSumsExactlyAsInOneMessage() throws Exception {
    int rounds = 2;
    long maskedBytes = MaskedInput.encodedBytes(Sites.INIT.count() + 1);
    assertTrue(maskedBytes > 2 * SMALL_MESSAGES, "a masked input of " + maskedBytes + " bytes");
    AtomicInteger inline = new AtomicInteger();
    List<float[]> oneMessage = deploy(server(rounds), 1 << 16, inline);
    assertEquals(0, inline.get(), "masked inputs under one chunk go in the submit head");
    AtomicInteger chunked = new AtomicInteger();
    // A fresh state folder, or the second server would resume the first one's finished run.
    List<float[]> inChunks = deploy(server(rounds).maxMessageBytes(SMALL_MESSAGES)
        .checkpointDir(dir.resolve("ckpt-chunked")).auditLog(dir.resolve("audit-chunked.jsonl")), 256, chunked);
    assertEquals(3 * rounds, chunked.get(), "every site sent every masked input in chunks");
    assertEquals(rounds, oneMessage.size());
    assertEquals(rounds, inChunks.size());
    for (int r = 0; r < rounds; r++) {
      // The masks cancel exactly in Z_2^32, so the transport cannot change a single bit of the result.
      assertArrayEquals(oneMessage.get(r), inChunks.get(r), "round " + (r + 1));
    }
    List<float[]> sim = new ArrayList<>();
    try (InProcessBackend b = new InProcessBackend(2)) {
      new Federation(Sites.DATA, Sites.app(), b, Sites.SEED).run(new FedAvg(ClientSampler.all()), Sites.INIT, rounds,
          Sites.globals(sim));
    }
    int total = 0;
    for (int id : Sites.ids()) {
      total += Sites.DATA.get(id).train().size();
    }
    // The bound of SecureDeploymentTest: per round 3·2^-(f+1)/N plus float32 rounding, adding up.
    double bound = 0;
    for (int r = 0; r < rounds; r++) {
      bound += 3 * Math.scalb(0.5, -F) / total + 4 * Math.ulp((float) Sites.maxAbs(sim.get(r)));
      double d = Sites.maxDiff(sim.get(r), inChunks.get(r));
      assertTrue(d <= bound, "round " + (r + 1) + ": chunked secure and plain FedAvg differ by " + d + " > " + bound);
    }
  }

  @Test
  void aCorruptedOrMisSizedMaskedInputIsRefusedAndItsSiteIsOnlyADropout() throws Exception {
    List<float[]> globals = new CopyOnWriteArrayList<>();
    List<String> refusals = new CopyOnWriteArrayList<>();
    FederationClient[] hostile = new FederationClient[1];
    RoundListener listener = new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        globals.add(global.flatten().data().clone());
        refusals.add(String.valueOf(hostile[0].lastError()));
      }
    };
    FederationServer server = track(FederationServer.start(server(2).minClients(2)
        .maxMessageBytes(SMALL_MESSAGES).listener(listener).build()));
    Map<Integer, List<float[]>> truth = new ConcurrentHashMap<>();
    AtomicInteger attempts = new AtomicInteger();
    for (int id : Sites.ids()) {
      FederationClient c = FederationClient.start(Sites.client(server.port(), id));
      c.secureInputTap = v -> truth.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(v);
      if (id == 2) {
        hostile[0] = c;
        c.chunkedReplyTamper = m -> attempts.incrementAndGet() == 1 ? corruptChunk(m) : wrongLength(m);
      }
      track(c);
    }
    FederationResult dep = server.awaitResult(20_000);
    assertEquals(2, dep.rounds().size());
    assertEquals(2, attempts.get());
    assertTrue(refusals.get(0).startsWith("DATA_LOSS") && refusals.get(0).contains("CRC32"), refusals.get(0));
    assertTrue(refusals.get(1).startsWith("INVALID_ARGUMENT") && refusals.get(1).contains("exactly"),
        refusals.get(1));
    // Each round releases exactly the sum of sites 0 and 1 (the hostile site's masks are recovered).
    float[] g = Sites.INIT.flatten().data();
    int n = g.length;
    for (int r = 0; r < 2; r++) {
      float[] a = truth.get(0).get(r);
      float[] b = truth.get(1).get(r);
      double weight = (double) a[n] + b[n];
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) {
        expected[i] = (float) (g[i] + ((double) a[i] + b[i]) / weight);
      }
      double bound = 2 * Math.scalb(0.5, -F) / weight + Math.ulp((float) Sites.maxAbs(expected));
      double d = Sites.maxDiff(expected, globals.get(r));
      assertTrue(d <= bound, "round " + (r + 1) + ": the survivors' sum is off by " + d + " > " + bound);
      g = globals.get(r);
    }
  }

  /** Flips one bit in the payload of the second chunk (messages: head, header, chunks). */
  private static List<byte[]> corruptChunk(List<byte[]> m) {
    List<byte[]> out = new ArrayList<>(m);
    byte[] c = out.get(3).clone();
    c[c.length - 1] ^= 0x08;
    out.set(3, c);
    return out;
  }

  /** The same masked input re-sent, consistently chunked and checksummed, with four bytes too many. */
  private static List<byte[]> wrongLength(List<byte[]> m) {
    BytesWire.Assembler a = new BytesWire.Assembler("tamper", 1, 1 << 20);
    a.header(m.get(1));
    for (byte[] c : m.subList(2, m.size())) {
      a.chunk(c);
    }
    byte[] p = a.finish();
    BytesWire.Encoded e = BytesWire.encode(java.util.Arrays.copyOf(p, p.length + 4), 256);
    List<byte[]> out = new ArrayList<>();
    out.add(m.get(0));
    out.add(e.header());
    out.addAll(e.chunks());
    return out;
  }
}
