package org.probity.deploy.transport;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.probity.deploy.secagg.MaskedInput;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.federated.EvaluateReply;
import org.probity.tensor.nn.Params;

/**
 * The server side of the federation protocol's six calls. Each call is identified with a site
 * (the verified TLS peer, or the test header in plaintext mode) and refused with
 * {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED} when there is none or it is not expected;
 * every call counts as a heartbeat. Malformed or corrupted messages fail only their own call, with
 * the status the codec chose ({@code INVALID_ARGUMENT}, {@code DATA_LOSS}); a task that is not the
 * caller's, or no longer awaited, is {@code NOT_FOUND}. Parameters of one round are encoded once
 * and shared by all its fetches. Parameters arrive in chunks ({@link ParamsWire}), and so does a
 * secure-aggregation masked input too long for one message ({@link BytesWire}, bounded by the
 * round's vector length).
 */
final class FederationService {
  private static final System.Logger LOG = System.getLogger(FederationService.class.getName());

  private final ServerConfig config;
  private final TaskBoard board;
  private final Supplier<String> statusJson;
  private final Object encodeLock = new Object();
  private Params lastParams;
  private ParamsWire.Encoded lastEncoded;

  FederationService(ServerConfig config, TaskBoard board, Supplier<String> statusJson) {
    this.config = config;
    this.board = board;
    this.statusJson = statusJson;
  }

  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(Rpc.SERVICE)
        .addMethod(Rpc.REGISTER, ServerCalls.asyncUnaryCall(this::register))
        .addMethod(Rpc.POLL, ServerCalls.asyncUnaryCall(this::poll))
        .addMethod(Rpc.FETCH_PARAMS, ServerCalls.asyncServerStreamingCall(this::fetch))
        .addMethod(Rpc.SUBMIT, ServerCalls.asyncClientStreamingCall(this::submit))
        .addMethod(Rpc.STATUS, ServerCalls.asyncUnaryCall(this::status))
        .addMethod(Rpc.FAIL_TASK, ServerCalls.asyncUnaryCall(this::failTask))
        .build();
  }

  private TaskBoard.Slot caller() {
    String site = config.plaintext() ? Rpc.HEADER_SITE.get() : config.siteKey().get();
    if (site == null || site.isEmpty()) {
      throw Status.UNAUTHENTICATED.withDescription(config.plaintext() ? "no probity-site header (plaintext test mode)"
          : "no verified site identity on this connection").asRuntimeException();
    }
    TaskBoard.Slot s = board.site(site);
    if (s == null) {
      throw Status.PERMISSION_DENIED.withDescription("site '" + site + "' is not a member of this federation")
          .asRuntimeException();
    }
    board.touch(s);
    return s;
  }

  private static void fail(StreamObserver<?> out, Throwable e, String call) {
    StatusRuntimeException s = e instanceof StatusRuntimeException x ? x
        : Status.INTERNAL.withDescription(call + ": " + e).withCause(e).asRuntimeException();
    if (s.getStatus().getCode() == Status.Code.INTERNAL) {
      LOG.log(System.Logger.Level.ERROR, call + " failed", e);
    } else {
      LOG.log(System.Logger.Level.INFO, call + " refused: " + s.getStatus());
    }
    out.onError(s);
  }

  private void register(byte[] req, StreamObserver<byte[]> out) {
    try {
      Messages.expectEmpty(req, Wire.REGISTER, "register");
      TaskBoard.Slot s = caller();
      board.register(s);
      LOG.log(System.Logger.Level.INFO, "site '" + s.site + "' registered as client " + s.clientId);
      out.onNext(Messages.encodeWelcome(new Messages.Welcome(s.clientId, config.seed(), config.rounds(),
          config.pollWaitMillis(), config.taskDeadlineMillis(), config.recipe())));
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(out, e, "register");
    }
  }

  private void poll(byte[] req, StreamObserver<byte[]> out) {
    try {
      Messages.expectEmpty(req, Wire.POLL, "poll");
      TaskBoard.Slot s = caller();
      if (!s.registered) {
        throw Status.FAILED_PRECONDITION.withDescription("site '" + s.site + "' must register first")
            .asRuntimeException();
      }
      Messages.Task task;
      if (board.done()) {
        task = new Messages.Task(Messages.KIND_DONE, 0, new byte[0]);
      } else {
        TaskBoard.Pending p;
        try {
          io.grpc.Context call = io.grpc.Context.current();
          p = board.take(s, config.pollWaitMillis(), call::isCancelled);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Status.UNAVAILABLE.withDescription("server stopping").asRuntimeException();
        }
        board.touch(s);
        if (p != null) {
          task = new Messages.Task(p.kind, p.id, p.instruction);
        } else {
          task = new Messages.Task(board.done() ? Messages.KIND_DONE : Messages.KIND_NONE, 0, new byte[0]);
        }
      }
      if (task.kind() == Messages.KIND_DONE) {
        s.toldDone = true;
      }
      out.onNext(Messages.encodeTask(task));
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(out, e, "poll");
    }
  }

  private ParamsWire.Encoded encoded(Params p) {
    synchronized (encodeLock) {
      if (lastParams != p) {
        lastEncoded = ParamsWire.encode(p, config.chunkBytes());
        lastParams = p;
      }
      return lastEncoded;
    }
  }

  private void fetch(byte[] req, StreamObserver<byte[]> out) {
    try {
      long taskId = Messages.decodeTaskId(req, Wire.FETCH, "fetch params");
      TaskBoard.Slot s = caller();
      TaskBoard.Pending p = board.taken(s, taskId);
      if (p == null || p.reply.isDone()) {
        throw Status.NOT_FOUND.withDescription("fetch params: task " + taskId + " is not held by site '" + s.site
            + "' (expired, answered, or from an earlier server)").asRuntimeException();
      }
      sendFlowControlled((ServerCallStreamObserver<byte[]>) out, encoded(p.global));
    } catch (RuntimeException e) {
      fail(out, e, "fetch params");
    }
  }

  /**
   * Sends the header and chunks only as fast as the client reads them (gRPC's onReady signal), so
   * that fifty clients fetching a large model hold one shared encoded copy on the heap, not fifty
   * queued ones.
   */
  private void sendFlowControlled(ServerCallStreamObserver<byte[]> out, ParamsWire.Encoded e) {
    int[] next = {-1};
    boolean[] finished = {false};
    Runnable drain = () -> {
      synchronized (next) {
        if (finished[0] || out.isCancelled()) {
          return;
        }
        while (out.isReady() && next[0] < e.chunks().size()) {
          out.onNext(next[0] < 0 ? e.header() : e.chunks().get(next[0]));
          next[0]++;
        }
        if (next[0] == e.chunks().size()) {
          finished[0] = true;
          board.wireBytesDown.addAndGet(e.bytes());
          out.onCompleted();
        }
      }
    };
    out.setOnCancelHandler(() -> { });
    out.setOnReadyHandler(drain);
    drain.run();
  }

  private StreamObserver<byte[]> submit(StreamObserver<byte[]> out) {
    return new StreamObserver<>() {
      private TaskBoard.Slot slot;
      private TaskBoard.Pending task;
      private Messages.SubmitHead head;
      private ParamsWire.Assembler params;
      /** A secure-aggregation reply too long for the head: a masked input in chunks. */
      private BytesWire.Assembler payload;
      private boolean failed;
      private long bytes;

      @Override
      public void onNext(byte[] msg) {
        if (failed) {
          return;
        }
        try {
          bytes += msg.length;
          if (head == null) {
            slot = caller();
            head = Messages.decodeSubmitHead(msg);
            task = board.taken(slot, head.taskId());
            if (task == null || task.reply.isDone()) {
              throw Status.NOT_FOUND.withDescription("submit: task " + head.taskId() + " is not held by site '"
                  + slot.site + "' (expired, answered, or from an earlier server)").asRuntimeException();
            }
            if (head.kind() != task.kind) {
              throw Wire.invalid("submit: task " + task.id + " is of kind " + task.kind + ", the reply of kind "
                  + head.kind());
            }
            if (task.kind == Messages.KIND_FIT && config.secureAggregation() == null) {
              params = new ParamsWire.Assembler(task.global.count());
            } else if (task.kind == Messages.KIND_SECAGG && head.reply().length == 0) {
              payload = maskedInput(task);
            }
          } else if (payload != null) {
            if (!payload.hasHeader()) {
              payload.header(msg);
            } else {
              payload.chunk(msg);
            }
          } else if (params == null) {
            throw Wire.invalid("submit: an evaluate reply, a secure-aggregation fit reply or phase reply carries no"
                + " parameters");
          } else if (!params.hasHeader()) {
            params.header(msg);
          } else {
            params.chunk(msg);
          }
        } catch (RuntimeException e) {
          failed = true;
          fail(out, e, "submit");
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (head == null) {
            throw Wire.invalid("submit: empty stream");
          }
          Object reply;
          if (task.kind == Messages.KIND_SECAGG) {
            // A secure-aggregation phase message, decoded by SecureAggregation.
            reply = payload != null ? payload.finish() : head.reply();
          } else if (task.kind == Messages.KIND_FIT && params == null) {
            // Secure aggregation: the update stays at the site until masked; keep only the metadata.
            Messages.FitReplyHead h = Messages.decodeFitReply(head.reply());
            if (h.clientId() != task.clientId) {
              throw Wire.invalid("submit: reply names client " + h.clientId() + ", the task is client " + task.clientId);
            }
            reply = h.with(new Params(java.util.Map.of()));
          } else if (task.kind == Messages.KIND_FIT) {
            Messages.FitReplyHead h = Messages.decodeFitReply(head.reply());
            Params p = params.finish();
            String bad = ParamsWire.mismatch(task.global, p);
            if (bad != null) {
              throw Wire.invalid("submit: the reply's parameters do not fit the model: " + bad);
            }
            if (h.clientId() != task.clientId) {
              throw Wire.invalid("submit: reply names client " + h.clientId() + ", the task is client " + task.clientId);
            }
            reply = h.with(p);
          } else {
            EvaluateReply r = Messages.decodeEvaluateReply(head.reply());
            if (r.clientId() != task.clientId) {
              throw Wire.invalid("submit: reply names client " + r.clientId() + ", the task is client " + task.clientId);
            }
            reply = r;
          }
          if (!task.reply.complete(reply)) {
            throw Status.NOT_FOUND.withDescription("submit: task " + task.id + " expired while its reply arrived")
                .asRuntimeException();
          }
          board.wireBytesUp.addAndGet(bytes);
          out.onNext(Messages.empty(Wire.ACK));
          out.onCompleted();
        } catch (RuntimeException e) {
          fail(out, e, "submit");
        }
      }
    };
  }

  /**
   * The receiver of a masked input sent in chunks (after an empty submit head): only the masked-input
   * phase's reply may be chunked, and its length is known from the round — d+1 words of 4 bytes plus the
   * header — so the server buffers exactly that much per transfer and refuses any other total.
   */
  private BytesWire.Assembler maskedInput(TaskBoard.Pending task) {
    SecAggConfig c = config.secureAggregation();
    if (c == null) {
      throw Wire.invalid("submit: this federation runs no secure aggregation");
    }
    int phase = SecureAggregation.decodeStep(task.instruction).phase();
    if (phase != SecureAggregation.PHASE_DELIVERY) {
      throw Wire.invalid("submit: task " + task.id + " is secure-aggregation phase " + phase
          + "; only a masked input (phase " + SecureAggregation.PHASE_DELIVERY + ") travels in chunks");
    }
    long expected = MaskedInput.encodedBytes(c.vectorLength());
    return new BytesWire.Assembler("masked input of client " + task.clientId, expected, expected);
  }

  /**
   * A site's local work on a task threw: the task fails now, as a failure of its round naming the
   * site and the site's one-line message, instead of timing out at its deadline.
   */
  private void failTask(byte[] req, StreamObserver<byte[]> out) {
    try {
      Messages.TaskFailure f = Messages.decodeTaskFailure(req);
      TaskBoard.Slot s = caller();
      TaskBoard.Pending p = board.taken(s, f.taskId());
      if (p == null || p.reply.isDone()) {
        throw Status.NOT_FOUND.withDescription("fail task: task " + f.taskId() + " is not held by site '" + s.site
            + "' (expired, answered, or from an earlier server)").asRuntimeException();
      }
      String msg = "round " + p.round + ": site '" + s.site + "' (client " + p.clientId + ") failed its "
          + (p.kind == Messages.KIND_FIT ? "fit" : p.kind == Messages.KIND_EVALUATE ? "evaluate"
              : "secure-aggregation") + " task: " + f.message();
      if (!p.reply.completeExceptionally(new TaskBoard.TaskFailed(msg))) {
        throw Status.NOT_FOUND.withDescription("fail task: task " + f.taskId() + " ended while the report arrived")
            .asRuntimeException();
      }
      LOG.log(System.Logger.Level.WARNING, msg);
      out.onNext(Messages.empty(Wire.ACK));
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(out, e, "fail task");
    }
  }

  private void status(byte[] req, StreamObserver<byte[]> out) {
    try {
      Messages.expectEmpty(req, Wire.STATUS, "status");
      out.onNext(Messages.encodeText(Wire.STATUS, statusJson.get()));
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(out, e, "status");
    }
  }
}
