package org.probity.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.deploy.pki.Provisioning;
import org.probity.deploy.pki.SiteKit;
import org.probity.deploy.tls.PeerIdentity;
import org.probity.deploy.tls.TlsContexts;
import org.probity.deploy.transport.ClientConfig;
import org.probity.deploy.transport.FederationClient;
import org.probity.deploy.transport.FederationServer;
import org.probity.deploy.transport.ServerConfig;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.FederatedData;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Kernels;
import org.probity.tensor.nn.Params;

/**
 * Issue 7's load benchmark, {@code fl-deploy}: one {@link FederationServer} and 50
 * {@link FederationClient}s in this JVM, each client with its own gRPC channel over loopback, run 20
 * rounds of FedAvg (Synthetic(1, 1) as in FedProx, softmax regression, one local epoch, every client
 * in every round, evaluation each round), and the same federation is simulated in the same process
 * ({@link Federation} on an {@link InProcessBackend} with the bench's worker threads). The row puts
 * deployed client updates per second beside the simulation's, so the speed-up column is the
 * deployed/simulated ratio (the transport's overhead); the note after the table gives both in
 * rounds per minute, the errors summed from the round records (drops, timeouts, failures,
 * rejections, retried rounds: must be 0), whether the deployment ended with the simulation's
 * parameters bit for bit, the retained heap after a full GC at the middle and the last round (the
 * server's, but measured in this JVM, so the clients are included; bounded = it grows by less
 * than {@value #HEAP_GROWTH_LIMIT_MIB} MiB), and the bytes on the wire per round. The channels are
 * plaintext by default, which leaves out what TLS costs: one handshake per client (at start-up, not
 * per round, since each client keeps its channel) and the encryption of every message, which on
 * the two-core reference VM roughly halved the deployed rate;
 * {@code -Dprobity.bench.fl-deploy.tls=true} runs it over mutual TLS with kits from
 * {@link Provisioning} in a temporary folder. A deployment is measured once (its rounds are the
 * repetitions) rather than through the runner's warm-up and median: a short simulation first warms
 * up the training code both sides share, and each side's rate is taken from the rounds' own
 * durations, which exclude start-up, registration and the heap checks.
 */
final class FlDeployWorkload implements Workload {
  static final int CLIENTS = 50;
  static final int ROUNDS = 20;
  /** Examples per client at most (so that 20 x 50 local epochs take seconds on two cores). */
  static final int MAX_SIZE = 100;
  static final int BATCH = 10;
  static final double LR = 0.01;
  static final long SEED = 20177;
  /** Retained-heap growth from the middle to the last round above which the heap is not bounded. */
  static final double HEAP_GROWTH_LIMIT_MIB = 16;
  /** The system property that switches the channels to mutual TLS. */
  static final String TLS_PROPERTY = "probity.bench.fl-deploy.tls";

  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final Pattern WIRE_DOWN = Pattern.compile("\"wire_bytes_down\":(\\d+)");
  private static final Pattern WIRE_UP = Pattern.compile("\"wire_bytes_up\":(\\d+)");

  /** What one measurement found. Rates in rounds per minute; heap in bytes; bytes per round. */
  record Measurement(int clients, int rounds, boolean tls, double deployedRoundsPerMin, double simulatedRoundsPerMin,
      int errors, int clientReconnects, boolean sameParameters, int heapEarlyRound, long heapEarly, long heapLate,
      double wireBytesPerRound, double paramBytesPerRound, double startupSeconds, double totalSeconds) {
    double ratio() {
      return deployedRoundsPerMin / simulatedRoundsPerMin;
    }

    double heapGrowthMib() {
      return (heapLate - heapEarly) / (1024.0 * 1024.0);
    }

    boolean heapBounded() {
      return heapGrowthMib() < HEAP_GROWTH_LIMIT_MIB;
    }

    String note() {
      double mib = 1024.0 * 1024.0;
      return String.format(Locale.ROOT, "fl-deploy: %d clients x %d rounds, 1 server, gRPC over loopback (%s):"
          + " deployed %.1f rounds/min, simulated %.1f rounds/min (deployed/simulated %.3f); errors %d%s;"
          + " client reconnects %d; parameters equal to the simulation: %s; retained heap after full GC (server and"
          + " clients, one JVM) %.1f MiB after round %d, %.1f MiB after round %d (%+.1f MiB, limit %.0f MiB: %s);"
          + " %.1f KiB on the wire per round (parameters %.1f KiB); %.1f s outside the rounds (start-up, registration,"
          + " heap checks), %.1f s in all",
          clients, rounds, tls ? "mutual TLS: one handshake per client, every message encrypted"
              : "plaintext: without TLS's handshake per client and per-message encryption", deployedRoundsPerMin,
          simulatedRoundsPerMin, ratio(), errors,
          errors == 0 ? "" : " (NOT 0: the rates are not comparable)", clientReconnects,
          sameParameters ? "yes" : "NO", heapEarly / mib, heapEarlyRound, heapLate / mib, rounds, heapGrowthMib(),
          HEAP_GROWTH_LIMIT_MIB, heapBounded() ? "bounded" : "NOT bounded", wireBytesPerRound / 1024.0,
          paramBytesPerRound / 1024.0, startupSeconds, totalSeconds);
    }
  }

  private final int clients;
  private final int rounds;
  private final boolean tls;
  private volatile Measurement last;

  /** The setting: 50 clients, 20 rounds; TLS when {@value #TLS_PROPERTY} is true. */
  FlDeployWorkload() {
    this(CLIENTS, ROUNDS, Boolean.getBoolean(TLS_PROPERTY));
  }

  /** A smaller or larger setting (tests use 5 clients and 3 rounds). */
  FlDeployWorkload(int clients, int rounds, boolean tls) {
    if (clients < 1 || clients > 1000 || rounds < 1) {
      throw new IllegalArgumentException("fl-deploy: need 1..1000 clients and at least 1 round, got " + clients
          + " clients and " + rounds + " rounds");
    }
    this.clients = clients;
    this.rounds = rounds;
    this.tls = tls;
  }

  @Override
  public String name() {
    return "fl-deploy";
  }

  @Override
  public String description() {
    return "FedAvg deployed: 1 gRPC server + " + clients + " clients in this JVM over loopback ("
        + (tls ? "mutual TLS" : "plaintext; -D" + TLS_PROPERTY + "=true for mutual TLS") + "), " + rounds
        + " rounds, Synthetic(1,1) softmax; client updates/s deployed vs simulated in-process; then rounds/min,"
        + " errors, heap and bytes per round";
  }

  /** The last measurement (for tests); null before the first run. */
  Measurement last() {
    return last;
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    run(ctx, sink, note -> { });
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink, Consumer<String> notes) {
    Measurement m = measure(ctx.parallelThreads());
    last = m;
    sink.accept(new BenchResult(name(), Metric.UPDATES_PER_S, m.deployedRoundsPerMin() * clients / 60.0,
        m.simulatedRoundsPerMin() * clients / 60.0, "deployed (" + clients + " gRPC clients, "
            + (tls ? "mTLS" : "plaintext") + ") vs simulated (" + ctx.parallelThreads() + " threads)"));
    notes.accept(m.note());
  }

  Measurement measure(int threads) {
    long start = System.nanoTime();
    Map<Integer, ClientData> data = clientData();
    Params init = Models.build(SPEC, data.values().iterator().next().train(), new Rng(SEED).derive("init")).params();
    Map<String, Integer> siteIds = new LinkedHashMap<>();
    for (int id : data.keySet()) {
      siteIds.put(String.format(Locale.ROOT, "site-%03d", id), id);
    }
    Path tmp;
    try {
      tmp = Files.createTempDirectory("probity-fl-deploy-");
    } catch (IOException e) {
      throw new UncheckedIOException("fl-deploy: cannot create a temporary folder", e);
    }
    try (KernelSettings k = KernelSettings.save()) {
      k.select(Kernels.Backend.VECTOR, 1);
      simulate(data, init, Math.min(2, rounds), threads); // warms up the training code both sides run
      int early = Math.max(1, rounds / 2);
      long[] heap = new long[2];
      RoundListener heapCheck = new RoundListener() {
        @Override
        public void onRound(RoundRecord record, double millis) {}

        @Override
        public void onRound(RoundRecord record, double millis, Params global) {
          // On the server's round thread after the round's timing, so the collections cost no round time.
          if (record.round() == early) {
            heap[0] = FlRoundWorkload.retainedHeap();
          }
          if (record.round() == rounds) {
            heap[1] = FlRoundWorkload.retainedHeap();
          }
        }
      };
      Deployed d = deploy(data, init, siteIds, heapCheck, tmp);
      FederationResult sim = simulate(data, init, rounds, threads);
      int errors = 0;
      for (RoundRecord r : d.result.rounds()) {
        errors += r.dropped() + r.stragglers() + r.timedOut() + r.failed() + r.rejected() + (r.attempts() - 1);
      }
      errors += Math.abs(d.result.rounds().size() - rounds);
      boolean same = java.util.Arrays.equals(sim.global().flatten().data(), d.result.global().flatten().data());
      long paramBytes = 0;
      for (RoundRecord r : d.result.rounds()) {
        paramBytes += r.bytesDown() + r.bytesUp() + r.evaluateBytesDown();
      }
      return new Measurement(clients, rounds, tls, perMinute(d.result), perMinute(sim), errors, d.reconnects, same,
          early, heap[0], heap[1], wireBytes(tmp.resolve("audit.jsonl")) / (double) rounds,
          paramBytes / (double) rounds, d.startupSeconds, (System.nanoTime() - start) * 1e-9);
    } finally {
      deleteTree(tmp);
    }
  }

  private record Deployed(FederationResult result, int reconnects, double startupSeconds) {}

  private Deployed deploy(Map<Integer, ClientData> data, Params init, Map<String, Integer> siteIds,
      RoundListener listener, Path tmp) {
    ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0)
        .strategy(new FedAvg(ClientSampler.all())).initial(init).rounds(rounds).seed(SEED).siteIds(siteIds)
        .minClients(clients).taskDeadlineMillis(60_000).pollWaitMillis(5_000).quorumWaitMillis(60_000)
        .startGraceMillis(10_000).auditLog(tmp.resolve("audit.jsonl")).listener(listener)
        .recipe("softmax".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path fed = tmp.resolve("pki");
    try {
      if (tls) {
        Provisioning.init(fed, new ArrayList<>(siteIds.keySet()), "localhost");
        b.tls(TlsContexts.server(SiteKit.load(fed.resolve(Provisioning.SERVER_DIR))), new PeerIdentity(),
            PeerIdentity.SITE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fl-deploy: cannot provision the TLS kits in " + fed, e);
    }
    long t0 = System.nanoTime();
    List<FederationClient> started = new ArrayList<>();
    FederationServer server = null;
    try {
      server = FederationServer.start(b.build());
      String target = "127.0.0.1:" + server.port();
      for (Map.Entry<String, Integer> e : siteIds.entrySet()) {
        ClientConfig c = ClientConfig.of(target, tls ? TlsContexts.client(SiteKit.load(fed.resolve(
            Provisioning.SITES_DIR).resolve(e.getKey()))) : null, tls ? null : e.getKey(), recipe -> app(),
            data.get(e.getValue())).withBackoff(200, 5_000);
        started.add(FederationClient.start(c));
      }
      FederationResult r = server.awaitResult(600_000);
      double total = (System.nanoTime() - t0) * 1e-9;
      double roundsSeconds = r.roundMillis().stream().mapToDouble(Double::doubleValue).sum() / 1000.0;
      server.awaitClientsDone(10_000);
      int reconnects = 0;
      for (FederationClient c : started) {
        reconnects += c.reconnects();
      }
      return new Deployed(r, reconnects, Math.max(0, total - roundsSeconds));
    } catch (IOException e) {
      throw new UncheckedIOException("fl-deploy: cannot start the server or load a TLS kit", e);
    } catch (Exception e) {
      throw new IllegalStateException("fl-deploy: the deployed federation of " + clients + " clients did not finish: "
          + e, e);
    } finally {
      // Sites first, so that none backs off against a server that is already gone.
      for (FederationClient c : started) {
        c.stop();
      }
      if (server != null) {
        server.close();
      }
    }
  }

  private FederationResult simulate(Map<Integer, ClientData> data, Params init, int n, int threads) {
    try (InProcessBackend backend = new InProcessBackend(threads)) {
      return new Federation(data, app(), backend, SEED).run(new FedAvg(ClientSampler.all()), init, n);
    }
  }

  private static SupervisedClient app() {
    return new SupervisedClient(SPEC, 1, BATCH, Optimizers.sgd(LR));
  }

  private double perMinute(FederationResult r) {
    double ms = r.roundMillis().stream().mapToDouble(Double::doubleValue).sum();
    return r.rounds().size() * 60_000.0 / ms;
  }

  private Map<Integer, ClientData> clientData() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(clients)
        .withMaxSize(MAX_SIZE), new Rng(SEED));
    return FederatedData.byClient(d, 0.2, 0, new Rng(SEED).derive("split"));
  }

  /** Wire bytes both ways over all rounds, from the server's audit log. */
  private static long wireBytes(Path audit) {
    long sum = 0;
    try {
      for (String line : Files.readAllLines(audit)) {
        Matcher down = WIRE_DOWN.matcher(line);
        Matcher up = WIRE_UP.matcher(line);
        if (!down.find() || !up.find()) {
          throw new IllegalStateException("fl-deploy: audit line without wire byte counts: " + line);
        }
        sum += Long.parseLong(down.group(1)) + Long.parseLong(up.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fl-deploy: cannot read the audit log " + audit, e);
    }
    return sum;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing a finished benchmark for.
    }
  }
}
