package org.probity.deploy.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.probity.federated.Config;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitReply;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The messages of Probity's federation protocol other than parameters (which travel as chunks,
 * {@link ParamsWire}) and their versioned binary encoding ({@link Wire}): the instruction a server
 * sends with a task (round, client id, the {@link Config} entries with their exact Java types, and
 * the {@link Rng.State} of the call's random stream, so the remote client draws exactly what the
 * simulated one would), the replies (metrics, example counts and loss as raw IEEE-754 bits, so
 * aggregation on the server is bit-identical to the simulation), and the control messages of the
 * pull protocol (welcome, task, fetch, submit, ack). Plain data records; no transport here.
 */
public final class Messages {
  private Messages() {}

  /** Task kinds. */
  public static final int KIND_NONE = 0;
  public static final int KIND_FIT = 1;
  public static final int KIND_EVALUATE = 2;
  public static final int KIND_DONE = 3;
  /** A secure-aggregation phase ({@code SecureAggregation}); its instruction is a phase step, not fit/evaluate. */
  public static final int KIND_SECAGG = 5;

  private static final int T_INT = 1;
  private static final int T_LONG = 2;
  private static final int T_DOUBLE = 3;
  private static final int T_FLOAT = 4;
  private static final int T_SHORT = 5;
  private static final int T_BYTE = 6;
  private static final int T_BOOLEAN = 7;
  private static final int T_STRING = 8;

  /** A fit or evaluate instruction without its parameters. */
  public record Instruction(int kind, int clientId, int round, Config config, Rng.State rng) {}

  /** What a server tells a client that registered. */
  public record Welcome(int clientId, long federationSeed, int rounds, long pollWaitMillis, long taskDeadlineMillis,
      byte[] recipe) {}

  /** The answer to a poll: a task to run, nothing yet, or the end of the federation. */
  public record Task(int kind, long taskId, byte[] instruction) {}

  /** The first message of a submission: which task, and the reply without its parameters. */
  public record SubmitHead(long taskId, int kind, byte[] reply) {}

  /** A fit reply without its parameters. */
  public record FitReplyHead(int clientId, int numExamples, Map<String, Double> metrics) {
    public FitReply with(Params params) {
      return new FitReply(clientId, params, numExamples, metrics);
    }
  }

  public static byte[] encodeInstruction(Instruction in) {
    Wire.Out o = new Wire.Out(Wire.INSTRUCTION).u8(in.kind()).i32(in.clientId()).i32(in.round());
    Map<String, Object> values = in.config().values();
    o.i32(values.size());
    for (Map.Entry<String, Object> e : values.entrySet()) {
      o.str(e.getKey());
      Object v = e.getValue();
      if (v instanceof Integer x) {
        o.u8(T_INT).i32(x);
      } else if (v instanceof Long x) {
        o.u8(T_LONG).i64(x);
      } else if (v instanceof Double x) {
        o.u8(T_DOUBLE).f64(x);
      } else if (v instanceof Float x) {
        o.u8(T_FLOAT).i32(Float.floatToRawIntBits(x));
      } else if (v instanceof Short x) {
        o.u8(T_SHORT).i32(x);
      } else if (v instanceof Byte x) {
        o.u8(T_BYTE).i32(x);
      } else if (v instanceof Boolean x) {
        o.u8(T_BOOLEAN).u8(x ? 1 : 0);
      } else if (v instanceof String x) {
        o.u8(T_STRING).str(x);
      } else {
        throw new IllegalArgumentException("instruction codec: config key '" + e.getKey() + "' holds a "
            + v.getClass().getName() + "; only Integer, Long, Double, Float, Short, Byte, Boolean and String travel");
      }
    }
    Rng.State s = in.rng();
    o.i64(s.origin()).i64(s.state()).f64(s.spareGaussian()).u8(s.hasSpare() ? 1 : 0);
    return o.toBytes();
  }

  public static Instruction decodeInstruction(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.INSTRUCTION, "instruction");
    int kind = in.u8("kind");
    if (kind != KIND_FIT && kind != KIND_EVALUATE) {
      throw Wire.invalid("instruction: kind " + kind + " is neither fit (1) nor evaluate (2)");
    }
    int clientId = in.i32("clientId");
    int round = in.i32("round");
    int n = in.count("config.size", 6);
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = in.str("config.key");
      int tag = in.u8("config.type");
      Object v = switch (tag) {
        case T_INT -> in.i32(key);
        case T_LONG -> in.i64(key);
        case T_DOUBLE -> in.f64(key);
        case T_FLOAT -> Float.intBitsToFloat(in.i32(key));
        case T_SHORT -> (short) in.i32(key);
        case T_BYTE -> (byte) in.i32(key);
        case T_BOOLEAN -> bool(in, key);
        case T_STRING -> in.str(key);
        default -> throw Wire.invalid("instruction: config key '" + key + "' has unknown type tag " + tag);
      };
      if (values.put(key, v) != null) {
        throw Wire.invalid("instruction: config key '" + key + "' appears twice");
      }
    }
    Rng.State rng = new Rng.State(in.i64("rng.origin"), in.i64("rng.state"), in.f64("rng.spare"),
        bool(in, "rng.hasSpare"));
    in.end();
    return new Instruction(kind, clientId, round, new Config(values), rng);
  }

  private static boolean bool(Wire.In in, String field) {
    int v = in.u8(field);
    if (v > 1) {
      throw Wire.invalid("field '" + field + "' is " + v + ", not a boolean (0 or 1)");
    }
    return v == 1;
  }

  public static byte[] encodeFitReply(FitReply r) {
    Wire.Out o = new Wire.Out(Wire.FIT_REPLY).i32(r.clientId()).i32(r.numExamples());
    metrics(o, r.metrics());
    return o.toBytes();
  }

  public static FitReplyHead decodeFitReply(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.FIT_REPLY, "fit reply");
    int clientId = in.i32("clientId");
    int numExamples = in.i32("numExamples");
    if (numExamples < 0) {
      throw Wire.invalid("fit reply: numExamples " + numExamples + " < 0");
    }
    Map<String, Double> m = metrics(in);
    in.end();
    return new FitReplyHead(clientId, numExamples, m);
  }

  public static byte[] encodeEvaluateReply(EvaluateReply r) {
    Wire.Out o = new Wire.Out(Wire.EVALUATE_REPLY).i32(r.clientId()).i32(r.numExamples()).f64(r.loss());
    metrics(o, r.metrics());
    return o.toBytes();
  }

  public static EvaluateReply decodeEvaluateReply(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.EVALUATE_REPLY, "evaluate reply");
    int clientId = in.i32("clientId");
    int numExamples = in.i32("numExamples");
    double loss = in.f64("loss");
    Map<String, Double> m = metrics(in);
    in.end();
    return new EvaluateReply(clientId, numExamples, loss, m);
  }

  private static void metrics(Wire.Out o, Map<String, Double> m) {
    Map<String, Double> sorted = new TreeMap<>(m);
    o.i32(sorted.size());
    for (Map.Entry<String, Double> e : sorted.entrySet()) {
      o.str(e.getKey()).f64(e.getValue());
    }
  }

  private static Map<String, Double> metrics(Wire.In in) {
    int n = in.count("metrics.size", 12);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = in.str("metrics.key");
      if (m.put(k, in.f64(k)) != null) {
        throw Wire.invalid("metrics: key '" + k + "' appears twice");
      }
    }
    return m;
  }

  public static byte[] encodeWelcome(Welcome w) {
    return new Wire.Out(Wire.WELCOME).i32(w.clientId()).i64(w.federationSeed()).i32(w.rounds())
        .i64(w.pollWaitMillis()).i64(w.taskDeadlineMillis()).bytes(w.recipe()).toBytes();
  }

  public static Welcome decodeWelcome(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.WELCOME, "welcome");
    Welcome w = new Welcome(in.i32("clientId"), in.i64("federationSeed"), in.i32("rounds"), in.i64("pollWaitMillis"),
        in.i64("taskDeadlineMillis"), in.bytes("recipe", Integer.MAX_VALUE));
    in.end();
    return w;
  }

  public static byte[] encodeTask(Task t) {
    return new Wire.Out(Wire.TASK).u8(t.kind()).i64(t.taskId()).bytes(t.instruction()).toBytes();
  }

  public static Task decodeTask(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.TASK, "task");
    int kind = in.u8("kind");
    if (kind > KIND_DONE && kind != KIND_SECAGG) {
      throw Wire.invalid("task: unknown kind " + kind);
    }
    Task t = new Task(kind, in.i64("taskId"), in.bytes("instruction", Integer.MAX_VALUE));
    in.end();
    return t;
  }

  public static byte[] encodeSubmitHead(SubmitHead h) {
    return new Wire.Out(Wire.SUBMIT_HEAD).i64(h.taskId()).u8(h.kind()).bytes(h.reply()).toBytes();
  }

  public static SubmitHead decodeSubmitHead(byte[] b) {
    Wire.In in = new Wire.In(b, Wire.SUBMIT_HEAD, "submit head");
    SubmitHead h = new SubmitHead(in.i64("taskId"), in.u8("kind"), in.bytes("reply", Integer.MAX_VALUE));
    in.end();
    return h;
  }

  /**
   * The wire type of a task-failure report. Declared here rather than beside the other types in
   * {@link Wire} so that the framing stays untouched; 14 is the next free type byte.
   */
  public static final byte TASK_FAILED = 14;

  /** The longest failure message a site sends or a server accepts, in characters (UTF-16 units). */
  public static final int MAX_FAILURE_CHARS = 512;

  /**
   * A site's report that its local training or evaluation for {@code taskId} threw: the exception's
   * class and the first line of its message, at most {@link #MAX_FAILURE_CHARS} characters.
   */
  public record TaskFailure(long taskId, String message) {}

  /** {@code e}'s simple class name and the first line of its message, cut to {@link #MAX_FAILURE_CHARS}. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    int nl = s.indexOf('\n');
    int cr = s.indexOf('\r');
    int end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
    if (end >= 0) {
      s = s.substring(0, end);
    }
    return clip(s);
  }

  private static String clip(String s) {
    if (s.length() <= MAX_FAILURE_CHARS) {
      return s;
    }
    int cut = MAX_FAILURE_CHARS - 3;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + "...";
  }

  public static byte[] encodeTaskFailure(TaskFailure f) {
    return new Wire.Out(TASK_FAILED).i64(f.taskId()).str(clip(f.message())).toBytes();
  }

  public static TaskFailure decodeTaskFailure(byte[] b) {
    Wire.In in = new Wire.In(b, TASK_FAILED, "task failure");
    long taskId = in.i64("taskId");
    // UTF-8 needs at most 3 bytes per UTF-16 unit: anything longer was not cut by a Probity client.
    String msg = new String(in.bytes("message", 3 * MAX_FAILURE_CHARS), java.nio.charset.StandardCharsets.UTF_8);
    in.end();
    return new TaskFailure(taskId, clip(msg.replace('\n', ' ').replace('\r', ' ')));
  }

  /** A message with no body but its type: register, poll, ack, status request. */
  public static byte[] empty(byte type) {
    return new Wire.Out(type).toBytes();
  }

  public static void expectEmpty(byte[] b, byte type, String what) {
    new Wire.In(b, type, what).end();
  }

  public static byte[] encodeTaskId(byte type, long taskId) {
    return new Wire.Out(type).i64(taskId).toBytes();
  }

  public static long decodeTaskId(byte[] b, byte type, String what) {
    Wire.In in = new Wire.In(b, type, what);
    long id = in.i64("taskId");
    in.end();
    return id;
  }

  public static byte[] encodeText(byte type, String text) {
    return new Wire.Out(type).bytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes();
  }

  public static String decodeText(byte[] b, byte type, String what) {
    Wire.In in = new Wire.In(b, type, what);
    String s = new String(in.bytes("text", Integer.MAX_VALUE), java.nio.charset.StandardCharsets.UTF_8);
    in.end();
    return s;
  }
}
