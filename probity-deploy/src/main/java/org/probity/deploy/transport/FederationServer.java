package org.probity.deploy.transport;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.InMemoryStateStore;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.federated.Strategy;
import org.probity.tensor.nn.Params;

/**
 * The server of a real cross-silo federation: it runs probity-federated's own round loop
 * ({@link Federation#remote}) and strategy, and the clients' calls become tasks that the sites
 * pull over gRPC ({@link Rpc}), so a deployment and a simulation of the same setup end with the
 * same parameters bit for bit (the instruction carries each call's random stream). It waits until
 * {@code minClients} sites have registered (and then up to a grace period for the rest), checkpoints after every round
 * ({@link ServerCheckpoint}) and, started on a folder holding a checkpoint, resumes after its
 * round ({@link Federation#resume}); it appends one audit line per round ({@link AuditLog}) and
 * answers Status calls with a JSON summary. Clients that are not connected when a task is posted
 * are dropped from the round, and those that miss the task deadline time out; a fit round with
 * fewer than {@code minClients} replies is discarded and retried once by the round loop, and a
 * second failure stops the run (state "failed"; restart the server to resume from the last
 * checkpoint). The federation's design follows Flower's SuperLink pull model (Beutel et al. 2020).
 */
public final class FederationServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FederationServer.class.getName());

  private final ServerConfig config;
  private final TaskBoard board;
  private final Server grpc;
  private final RemoteBackend backend;
  private final SecureAggregation secure;
  private final AuditLog audit;
  private final Thread runner;
  private final CompletableFuture<FederationResult> result = new CompletableFuture<>();
  private volatile String state = "waiting";
  private volatile int lastRound;
  private volatile int resumedFrom;
  private volatile String error;

  private FederationServer(ServerConfig config) throws IOException {
    this.config = config;
    this.board = new TaskBoard(config.siteIds(), config.pollWaitMillis() + Math.max(2000, config.pollWaitMillis()));
    this.backend = new RemoteBackend(board, config.minClients(), config.quorumWaitMillis(),
        config.taskDeadlineMillis());
    this.secure = new SecureAggregation(board, config.taskDeadlineMillis());
    if (config.secureAggregation() != null) {
      backend.secure(config.secureAggregation(), (SecureFedAvg) config.strategy(), secure);
    }
    this.audit = config.auditLog() == null ? null : new AuditLog(config.auditLog());
    ServerServiceDefinition service = new FederationService(config, board, this::statusJson).definition();
    List<ServerInterceptor> interceptors = new ArrayList<>(config.interceptors());
    if (config.plaintext()) {
      interceptors.add(new Rpc.HeaderSite());
    }
    // ServerInterceptors.intercept runs the last interceptor first: identity interceptors go last.
    java.util.Collections.reverse(interceptors);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .maxInboundMessageSize(config.maxMessageBytes())
        .maxInboundMetadataSize(16 * 1024)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .withOption(ChannelOption.SO_REUSEADDR, true)
        .addService(ServerInterceptors.intercept(service, interceptors));
    if (config.sslContext() != null) {
      b.sslContext(config.sslContext());
    }
    this.grpc = b.build().start();
    this.runner = new Thread(this::run, "probity-federation-server");
    this.runner.setDaemon(true);
    this.runner.start();
    LOG.log(System.Logger.Level.INFO, "federation server listening on " + config.host() + ":" + port()
        + (config.plaintext() ? " (PLAINTEXT test mode)" : " (TLS)"));
  }

  /** Starts listening and, in the background, the federation. */
  public static FederationServer start(ServerConfig config) throws IOException {
    return new FederationServer(config);
  }

  public int port() {
    return grpc.getPort();
  }

  /** "waiting" (for sites), "running", "done", "failed" or "stopped". */
  public String state() {
    return state;
  }

  /** The last round completed (and checkpointed) by this server or the checkpoint it resumed. */
  public int lastRound() {
    return lastRound;
  }

  /** The round of the checkpoint this server resumed after; 0 when it started from scratch. */
  public int resumedFrom() {
    return resumedFrom;
  }

  /**
   * The run's result (every round's record, also those before a resume), waiting at most
   * {@code timeoutMillis}.
   */
  public FederationResult awaitResult(long timeoutMillis) throws TimeoutException, ExecutionException,
      InterruptedException {
    return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * After the run is done, waits until every registered site that is still connected has been told
   * so (its next poll answers "done"), at most {@code timeoutMillis}; true if all were. A server
   * process calls this before {@link #close()} so that its sites exit cleanly rather than back off.
   */
  public boolean awaitClientsDone(long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      boolean all = board.done();
      for (TaskBoard.Slot s : board.sites().values()) {
        if (s.registered && board.online(s) && !s.toldDone) {
          all = false;
        }
      }
      if (all) {
        return true;
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  private void run() {
    try {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.quorumWaitMillis());
      while (board.registered() < config.minClients()) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("fl server: only " + board.registered() + " of the " + config.minClients()
              + " required sites registered within " + config.quorumWaitMillis() + " ms");
        }
        Thread.sleep(20);
      }
      long grace = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.startGraceMillis());
      while (board.registered() < config.siteIds().size() && System.nanoTime() < grace) {
        Thread.sleep(20);
      }
      state = "running";
      Strategy strategy = config.strategy();
      Federation fed = Federation.remote(config.siteIds().values(), new RemoteClientApp(board,
          config.taskDeadlineMillis()), backend, new InMemoryStateStore(), config.seed())
          .withEvaluateEvery(config.evaluateEvery());
      Optional<ServerCheckpoint.Loaded> ck = config.checkpointDir() == null ? Optional.empty()
          : ServerCheckpoint.readLatest(config.checkpointDir());
      List<RoundRecord> records = new ArrayList<>();
      List<Double> millis = new ArrayList<>();
      FederationResult r;
      if (ck.isPresent()) {
        ServerCheckpoint.Loaded c = check(ck.get());
        Params global = inOrder(c.global());
        records.addAll(c.records());
        for (int i = 0; i < records.size(); i++) {
          millis.add(Double.NaN);
        }
        resumedFrom = c.round();
        lastRound = c.round();
        if (c.round() >= config.rounds()) {
          r = new FederationResult(strategy.name(), global, records, Map.of(), millis);
          finish(r);
          return;
        }
        strategy.checkPool(config.siteIds().values().stream().mapToInt(Integer::intValue).sorted().toArray());
        strategy.initialize(global);
        strategy.restoreState(c.strategyState());
        LOG.log(System.Logger.Level.INFO, "fl server: resuming after round " + c.round() + " from "
            + config.checkpointDir());
        r = fed.resume(strategy, global, c.round(), config.rounds(), listener(strategy, records));
      } else {
        r = fed.run(strategy, config.initial(), config.rounds(), listener(strategy, records));
      }
      millis.addAll(r.roundMillis());
      finish(new FederationResult(r.strategy(), r.global(), records, r.finalClientMetrics(), millis));
    } catch (InterruptedException e) {
      state = "stopped";
      result.completeExceptionally(e);
    } catch (Throwable e) {
      boolean stopping = Thread.currentThread().isInterrupted() || grpc.isShutdown();
      state = stopping ? "stopped" : "failed";
      error = String.valueOf(e.getMessage());
      if (!stopping) {
        LOG.log(System.Logger.Level.ERROR, "fl server: the federation failed", e);
      }
      result.completeExceptionally(e);
    }
  }

  private void finish(FederationResult r) {
    state = "done";
    board.finish();
    result.complete(r);
  }

  private ServerCheckpoint.Loaded check(ServerCheckpoint.Loaded c) {
    String where = "fl server: checkpoint in " + config.checkpointDir();
    if (c.seed() != config.seed() || c.rounds() != config.rounds() || !c.strategy().equals(config.strategy().name())) {
      throw new IllegalStateException(where + " belongs to another run (seed " + c.seed() + ", " + c.rounds()
          + " rounds, strategy " + c.strategy() + "; this server: seed " + config.seed() + ", " + config.rounds()
          + " rounds, strategy " + config.strategy().name() + ")");
    }
    String bad = ParamsWire.mismatch(config.initial(), inOrder(c.global()));
    if (bad != null) {
      throw new IllegalStateException(where + " holds another model: " + bad);
    }
    return c;
  }

  /** The checkpoint's tensors in the initial model's order (the order flatten and aggregation use). */
  private Params inOrder(Params loaded) {
    Map<String, org.probity.tensor.Tensor> m = new LinkedHashMap<>();
    for (String n : config.initial().names()) {
      if (!loaded.byName().containsKey(n)) {
        return loaded;
      }
      m.put(n, loaded.get(n));
    }
    return loaded.byName().size() == m.size() ? new Params(m) : loaded;
  }

  private RoundListener listener(Strategy strategy, List<RoundRecord> records) {
    return new RoundListener() {
      @Override
      public void onRound(RoundRecord record, double millis) {}

      @Override
      public void onRound(RoundRecord record, double millis, Params global) {
        records.add(record);
        long up = board.wireBytesUp.getAndSet(0);
        long down = board.wireBytesDown.getAndSet(0);
        try {
          // The audit line first: a round that ran is always in the log, even when the server dies
          // before its checkpoint; a resumed server then runs it again and logs that run too.
          if (audit != null) {
            audit.append(record, millis, board.siteNames(backend.participants(record.round())), up, down);
          }
          if (config.checkpointDir() != null) {
            ServerCheckpoint.write(config.checkpointDir(), record.round(), global, strategy.saveState(), records,
                config.seed(), config.rounds(), strategy.name());
          }
          lastRound = record.round();
        } catch (IOException e) {
          throw new UncheckedIOException("fl server: cannot write the checkpoint or audit line of round "
              + record.round(), e);
        }
        config.listener().onRound(record, millis, global);
      }
    };
  }

  /** A JSON summary: state, rounds, and per site its id, registration and seconds since last heard. */
  public String statusJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"state\":").append(AuditLog.Json.quote(state)).append(",\"round\":").append(lastRound)
        .append(",\"rounds\":").append(config.rounds()).append(",\"resumed_from\":").append(resumedFrom)
        .append(",\"registered\":").append(board.registered()).append(",\"min_clients\":")
        .append(config.minClients());
    if (error != null) {
      b.append(",\"error\":").append(AuditLog.Json.quote(error));
    }
    b.append(",\"sites\":{");
    boolean first = true;
    long now = System.currentTimeMillis();
    for (Map.Entry<String, TaskBoard.Slot> e : board.sites().entrySet()) {
      TaskBoard.Slot s = e.getValue();
      b.append(first ? "" : ",").append(AuditLog.Json.quote(e.getKey())).append(":{\"client_id\":").append(s.clientId)
          .append(",\"registered\":").append(s.registered).append(",\"online\":").append(board.online(s))
          .append(",\"last_heartbeat_ms_ago\":").append(s.registered ? now - s.lastSeenEpochMillis : -1).append('}');
      first = false;
    }
    return b.append("}}").toString();
  }

  /** Test hook: sees each masked vector (round, message) as the server received it. */
  void tapMasked(java.util.function.BiConsumer<Integer, org.probity.deploy.secagg.MaskedInput> tap) {
    secure.maskedTap = tap;
  }

  /** Stops listening and the federation thread (as a kill would; the checkpoints stay). */
  @Override
  public void close() {
    grpc.shutdownNow();
    runner.interrupt();
    try {
      runner.join(5000);
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    backend.close();
    if (!result.isDone()) {
      state = "stopped";
      result.completeExceptionally(new IllegalStateException("fl server: stopped"));
    }
  }
}
