package org.probity.deploy.transport;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * A site of a real cross-silo federation: it only ever connects out to the server, registers, then
 * long-polls for tasks, fetches the task's parameters in chunks, runs the same {@link ClientApp} a
 * simulation runs, on its own data with the random stream the server sent
 * ({@link Rng#restore}), and submits the reply in chunks. When the server is unreachable
 * ({@code UNAVAILABLE}, a missed deadline) it waits with capped, jittered exponential back-off and
 * tries again, registering anew if the server has restarted; a task whose reply cannot be
 * delivered is abandoned (the server times it out), and one whose local training or evaluation
 * throws is reported to the server with the exception's one-line message (FailTask), which counts
 * it as a failure of its round at once. Personal state (Ditto's personal models) lives in the
 * configured store; {@link FileStateStore} keeps it across a restart of the site. It stops when
 * the server says the federation is done, when the server refuses its identity, or on
 * {@link #stop()}.
 */
public final class FederationClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FederationClient.class.getName());
  private static final long MAX_FLOATS = 1L << 29;

  private final ClientConfig config;
  private final ManagedChannel channel;
  private final Thread thread;
  private final CountDownLatch stopLatch = new CountDownLatch(1);
  private final CountDownLatch doneLatch = new CountDownLatch(1);
  private final Rng jitter;
  private final List<Integer> fitRounds = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicInteger failuresReported = new AtomicInteger();
  private volatile boolean stopped;
  private volatile String state = "starting";
  private volatile String lastError;
  private volatile Messages.Welcome welcome;
  private ClientApp app;
  private byte[] appRecipe;
  /** This site's secure-aggregation state (updates kept back from secure fits); created on first use. */
  private SecureSite secure;
  /** Test hook: the site dies (stops without replying) on receiving this secure-aggregation phase. */
  volatile int dieAtSecAggPhase = -1;
  /** Test hook: sees each unmasked vector before this site masks it. */
  volatile java.util.function.Consumer<float[]> secureInputTap;
  /** Test hook: may alter the messages of a masked input sent in chunks (head, header, chunks) before they go. */
  volatile java.util.function.UnaryOperator<List<byte[]>> chunkedReplyTamper;

  private FederationClient(ClientConfig config) {
    this.config = config;
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(config.target())
        .maxInboundMessageSize(config.maxMessageBytes());
    if (config.sslContext() != null) {
      b.sslContext(config.sslContext());
    } else {
      b.usePlaintext();
    }
    if (config.site() != null) {
      Metadata h = new Metadata();
      h.put(Rpc.SITE_HEADER, config.site());
      b.intercept(MetadataUtils.newAttachHeadersInterceptor(h));
    }
    this.channel = b.build();
    this.jitter = new Rng(config.jitterSeed()).derive("backoff");
    this.thread = new Thread(this::loop, "probity-fl-client-" + (config.site() == null ? "tls" : config.site()));
    this.thread.setDaemon(true);
  }

  /** Creates the client and starts its loop in the background. */
  public static FederationClient start(ClientConfig config) {
    FederationClient c = new FederationClient(config);
    c.thread.start();
    return c;
  }

  /** "starting", "registered", "backing-off", "done", "refused" or "stopped". */
  public String state() {
    return state;
  }

  public String lastError() {
    return lastError;
  }

  /** The client id the server assigned; -1 before registration. */
  public int clientId() {
    Messages.Welcome w = welcome;
    return w == null ? -1 : w.clientId();
  }

  /** The rounds whose fit reply this client delivered (acknowledged by the server), in order. */
  public List<Integer> fitRounds() {
    synchronized (fitRounds) {
      return List.copyOf(fitRounds);
    }
  }

  /** How many times the client backed off after losing the server. */
  public int reconnects() {
    return reconnects.get();
  }

  /** How many local failures (training or evaluation threw) the server acknowledged. */
  public int failuresReported() {
    return failuresReported.get();
  }

  /** Waits until the server said the federation is done (true) or the time passed (false). */
  public boolean awaitDone(long timeoutMillis) throws InterruptedException {
    return doneLatch.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Waits until the loop has ended for any reason (done, refused, stopped). */
  public boolean awaitExit(long timeoutMillis) throws InterruptedException {
    thread.join(timeoutMillis);
    return !thread.isAlive();
  }

  private CallOptions opts(long extraMillis) {
    return CallOptions.DEFAULT.withDeadlineAfter(config.callTimeoutMillis() + extraMillis, TimeUnit.MILLISECONDS);
  }

  private void loop() {
    long backoff = config.backoffBaseMillis();
    while (!stopped) {
      try {
        if (welcome == null) {
          Messages.Welcome w = Messages.decodeWelcome(ClientCalls.blockingUnaryCall(channel, Rpc.REGISTER, opts(0),
              Messages.empty(Wire.REGISTER)));
          if (app == null || !Arrays.equals(appRecipe, w.recipe())) {
            app = config.factory().create(w.recipe());
            appRecipe = w.recipe();
          }
          welcome = w;
          state = "registered";
          LOG.log(System.Logger.Level.INFO, "fl client: registered as client " + w.clientId());
        }
        Messages.Task t = Messages.decodeTask(ClientCalls.blockingUnaryCall(channel, Rpc.POLL,
            opts(welcome.pollWaitMillis()), Messages.empty(Wire.POLL)));
        backoff = config.backoffBaseMillis();
        state = "registered";
        if (t.kind() == Messages.KIND_DONE) {
          state = "done";
          doneLatch.countDown();
          break;
        }
        if (t.kind() != Messages.KIND_NONE) {
          runTask(t);
        }
      } catch (StatusRuntimeException e) {
        if (stopped) {
          break;
        }
        Status.Code c = e.getStatus().getCode();
        lastError = brief(e.getStatus());
        if (c == Status.Code.UNAUTHENTICATED || c == Status.Code.PERMISSION_DENIED) {
          state = "refused";
          LOG.log(System.Logger.Level.ERROR, "fl client: the server refused this site: " + brief(e.getStatus()));
          break;
        }
        if (c == Status.Code.FAILED_PRECONDITION) {
          welcome = null; // the server restarted and does not know us yet
          continue;
        }
        if (c == Status.Code.NOT_FOUND) {
          LOG.log(System.Logger.Level.INFO, "fl client: " + e.getStatus().getDescription());
          continue;
        }
        LOG.log(System.Logger.Level.WARNING, "fl client: " + brief(e.getStatus()) + "; retrying in about " + backoff
            + " ms");
        state = "backing-off";
        reconnects.incrementAndGet();
        long wait = (long) (backoff * (0.5 + 0.5 * jitter.nextDouble()));
        backoff = Math.min(config.backoffCapMillis(), backoff * 2);
        try {
          if (stopLatch.await(wait, TimeUnit.MILLISECONDS)) {
            break;
          }
          // Our back-off governs, not the channel's own reconnect back-off (up to 2 minutes).
          channel.resetConnectBackoff();
        } catch (InterruptedException ie) {
          break;
        }
      } catch (RuntimeException e) {
        // The local training failed: it was reported (FailTask), so the server counts it as a failure
        // of its round at once; log and carry on with the next task.
        lastError = e.toString();
        LOG.log(System.Logger.Level.ERROR, "fl client: a task failed locally", e);
      }
    }
    if (stopped && !"done".equals(state)) {
      state = "stopped";
    }
  }

  private void runTask(Messages.Task t) {
    if (t.kind() == SecureAggregation.KIND) {
      runSecureStep(t);
      return;
    }
    Messages.Instruction in = Messages.decodeInstruction(t.instruction());
    Messages.Welcome w = welcome;
    if (in.clientId() != w.clientId()) {
      throw new IllegalStateException("fl client: task " + t.taskId() + " is for client " + in.clientId()
          + ", this site is client " + w.clientId());
    }
    Params global = fetch(t.taskId());
    ClientContext ctx = new ClientContext(in.clientId(), in.round(), config.data(), Rng.restore(in.rng()),
        config.store());
    if (in.kind() == Messages.KIND_FIT) {
      FitReply r;
      try {
        r = app.fit(new FitInstruction(in.clientId(), in.round(), global, in.config()), ctx);
      } catch (RuntimeException e) {
        reportFailure(t.taskId(), in.round(), e);
        throw e;
      }
      if (in.config().getBoolean(org.probity.deploy.secagg.SecureFedAvg.CONFIG_KEY, false)) {
        // Secure aggregation: the update stays here until it is masked; only metadata goes now.
        secure().remember(in.round(), global, r.params(), r.numExamples());
        submit(List.of(Messages.encodeSubmitHead(new Messages.SubmitHead(t.taskId(), Messages.KIND_FIT,
            Messages.encodeFitReply(r)))));
        fitRounds.add(in.round());
        return;
      }
      ParamsWire.Encoded p = ParamsWire.encode(r.params(), config.chunkBytes());
      List<byte[]> msgs = new ArrayList<>();
      msgs.add(Messages.encodeSubmitHead(new Messages.SubmitHead(t.taskId(), Messages.KIND_FIT,
          Messages.encodeFitReply(r))));
      msgs.add(p.header());
      msgs.addAll(p.chunks());
      submit(msgs);
      fitRounds.add(in.round());
    } else {
      EvaluateReply r;
      try {
        r = app.evaluate(new EvaluateInstruction(in.clientId(), in.round(), global, in.config()), ctx);
      } catch (RuntimeException e) {
        reportFailure(t.taskId(), in.round(), e);
        throw e;
      }
      submit(List.of(Messages.encodeSubmitHead(new Messages.SubmitHead(t.taskId(), Messages.KIND_EVALUATE,
          Messages.encodeEvaluateReply(r)))));
    }
  }

  private SecureSite secure() {
    int id = welcome.clientId();
    if (secure == null || secure.clientId() != id) {
      secure = new SecureSite(id, new java.security.SecureRandom());
    }
    secure.inputTap = secureInputTap;
    return secure;
  }

  /**
   * One phase of secure aggregation: the server's message in, this site's answer out (no parameters);
   * a masked input longer than a chunk — 4(d+1) bytes for d parameters — travels in chunks
   * ({@link BytesWire}); the other answers are O(sites) and go in the submit head.
   */
  private void runSecureStep(Messages.Task t) {
    SecureAggregation.Step step = SecureAggregation.decodeStep(t.instruction());
    if (step.phase() == dieAtSecAggPhase) {
      stopped = true;
      stopLatch.countDown();
      channel.shutdownNow();
      return;
    }
    byte[] reply;
    try {
      reply = secure().answer(step);
    } catch (RuntimeException e) {
      reportFailure(t.taskId(), step.round(), e);
      throw e;
    }
    if (step.phase() != SecureAggregation.PHASE_DELIVERY || reply.length <= config.chunkBytes()) {
      submit(List.of(Messages.encodeSubmitHead(new Messages.SubmitHead(t.taskId(), SecureAggregation.KIND, reply))));
      return;
    }
    // A masked input over one chunk (4(d+1) bytes for d parameters): an empty head, then the chunks.
    BytesWire.Encoded e = BytesWire.encode(reply, config.chunkBytes());
    List<byte[]> msgs = new ArrayList<>();
    msgs.add(Messages.encodeSubmitHead(new Messages.SubmitHead(t.taskId(), SecureAggregation.KIND, new byte[0])));
    msgs.add(e.header());
    msgs.addAll(e.chunks());
    java.util.function.UnaryOperator<List<byte[]>> tamper = chunkedReplyTamper;
    submit(tamper == null ? msgs : tamper.apply(msgs));
  }

  /**
   * Tells the server that the local work on {@code taskId} threw, so that it counts a failure for
   * the round now rather than waiting for the deadline. Best effort: a site being stopped says
   * nothing (it is going away, not failing), and an unreachable server only gets the timeout it
   * would have had anyway.
   */
  private void reportFailure(long taskId, int round, RuntimeException e) {
    if (stopped) {
      return;
    }
    try {
      Messages.expectEmpty(ClientCalls.blockingUnaryCall(channel, Rpc.FAIL_TASK, opts(0),
          Messages.encodeTaskFailure(new Messages.TaskFailure(taskId, Messages.oneLine(e)))), Wire.ACK, "ack");
      failuresReported.incrementAndGet();
    } catch (StatusRuntimeException s) {
      LOG.log(System.Logger.Level.WARNING, "fl client: could not report the failure of round " + round
          + " to the server: " + brief(s.getStatus()));
    }
  }

  private Params fetch(long taskId) {
    Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, Rpc.FETCH_PARAMS, opts(0),
        Messages.encodeTaskId(Wire.FETCH, taskId));
    ParamsWire.Assembler a = new ParamsWire.Assembler(MAX_FLOATS);
    while (it.hasNext()) {
      byte[] m = it.next();
      if (!a.hasHeader()) {
        a.header(m);
      } else {
        a.chunk(m);
      }
    }
    return a.finish();
  }

  /**
   * Streams {@code messages} to Submit as fast as the server reads them (gRPC's onReady signal)
   * and waits for the acknowledgement.
   */
  void submit(List<byte[]> messages) {
    CompletableFuture<byte[]> ack = new CompletableFuture<>();
    ClientResponseObserver<byte[], byte[]> observer = new ClientResponseObserver<>() {
      private ClientCallStreamObserver<byte[]> req;
      private int next;
      private boolean closed;

      @Override
      public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
        req = requestStream;
        req.setOnReadyHandler(this::drain);
      }

      private synchronized void drain() {
        if (closed) {
          return;
        }
        while (req.isReady() && next < messages.size() && !ack.isDone()) {
          req.onNext(messages.get(next++));
        }
        if (next == messages.size() || ack.isDone()) {
          closed = true;
          req.onCompleted();
        }
      }

      @Override
      public void onNext(byte[] value) {
        ack.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        ack.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        ack.complete(null);
      }
    };
    ClientCalls.asyncClientStreamingCall(channel.newCall(Rpc.SUBMIT, opts(0)), observer);
    try {
      byte[] a = ack.get(config.callTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
      if (a == null) {
        throw Wire.invalid("submit: the server closed the call without an acknowledgement");
      }
      Messages.expectEmpty(a, Wire.ACK, "ack");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof StatusRuntimeException s ? s : Status.fromThrowable(c).asRuntimeException();
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("submit: no acknowledgement").asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("submit: interrupted").asRuntimeException();
    }
  }

  /** Stops the loop and closes the connection (as if the site went down). */
  /**
   * A status in one line: its code, the first line of its description and the root cause's message
   * ("UNAVAILABLE: io exception (Connection refused)"), not the cause's stack trace, which a site's
   * operator sees on every retry while the server is away.
   */
  static String brief(Status s) {
    StringBuilder b = new StringBuilder(s.getCode().toString());
    String d = s.getDescription();
    if (d != null && !d.isBlank()) {
      b.append(": ").append(d.lines().findFirst().orElse("").strip());
    }
    Throwable root = s.getCause();
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null) {
      String m = root.getMessage().lines().findFirst().orElse("").strip();
      b.append(" (").append(m.replaceAll(".*: ", "")).append(')');
    }
    return b.toString();
  }

  public void stop() {
    stopped = true;
    stopLatch.countDown();
    channel.shutdownNow();
    thread.interrupt();
    try {
      thread.join(5000);
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
