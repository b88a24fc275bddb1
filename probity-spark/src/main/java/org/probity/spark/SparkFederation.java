package org.probity.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.probity.federated.CentralEvaluator;
import org.probity.federated.ClientData;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FedAvg;
import org.probity.federated.FederationException;
import org.probity.federated.FederationResult;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.federated.ParamMath;
import org.probity.federated.RoundListener;
import org.probity.federated.RoundRecord;
import org.probity.federated.Strategy;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;
import scala.Tuple2;

/**
 * Federated simulation on Apache Spark, following the pattern of the ecosystem notes (§2.2:
 * clients as records partitioned across tasks, {@code mapPartitions} training of the sampled
 * clients, a broadcast global model, {@code treeAggregate} of the weighted updates). The clients'
 * data is an RDD of serializable records partitioned by client id and persisted on the executors;
 * the client app is rebuilt there from a serializable {@link ClientAppFactory}; each pass (a
 * round's fit, then its evaluation) zips the data partitions with the same partitions of the
 * clients' states, so personal models and privacy ledgers stay on the executors across rounds
 * (each pass's output is locally checkpointed, which keeps the lineage one round long). The round
 * loop is {@link org.probity.federated.Federation}'s: the same sampling streams, client contexts
 * (root seed → "client" → round → id → phase → attempt), NaN/Inf rejection, retry of a round with
 * no usable reply, evaluation cadence and {@link RoundRecord}s; what differs is stated here. A
 * client that throws fails its round with a {@link FederationException} naming the client and the
 * cause (a simulation drops such a client and goes on; on a cluster an exception is a bug to see,
 * not a fault to simulate), every Spark job has a wall-clock limit, and there are no simulated
 * faults (dropouts, stragglers). FedAvg-family strategies (those that keep
 * {@link FedAvg#aggregateFit}) are combined on the executors by default; see {@link FedAvgSum} for
 * how close that is to the simulation, and {@link SparkSettings#treeAggregate()} to collect instead.
 * Per-executor state is lost with a failed executor (local checkpoints are not replicated): this is
 * a simulation backend, not a fault-tolerant deployment.
 */
public final class SparkFederation implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SparkFederation.class.getName());
  private static final int ATTEMPTS = 2;

  private final JavaSparkContext sc;
  private final boolean ownsContext;
  private final SparkSettings settings;
  private final ClientAppFactory factory;
  private final long seed;
  private final Rng root;
  private final int[] pool;
  private final java.util.Set<Integer> ids;
  private final JavaRDD<ClientRecord> data;
  private final ExecutorService jobs;
  private JavaRDD<PassRow> states;
  private JavaRDD<PassRow> lastRows;
  private int jobCounter;

  /**
   * A federation on an existing context (a cluster's, or one shared by tests), which {@link #close}
   * leaves running.
   */
  public SparkFederation(JavaSparkContext sc, SparkSettings settings, Map<Integer, ClientData> clients,
      ClientAppFactory factory, long seed) {
    this(sc, false, settings, clients, factory, seed);
  }

  /** A federation on a new context made from {@code settings} ({@link #createContext}), stopped by {@link #close}. */
  public static SparkFederation start(SparkSettings settings, Map<Integer, ClientData> clients,
      ClientAppFactory factory, long seed) {
    JavaSparkContext sc = createContext(settings);
    try {
      return new SparkFederation(sc, true, settings, clients, factory, seed);
    } catch (RuntimeException e) {
      sc.stop();
      throw e;
    }
  }

  /**
   * A Spark context for simulation: the settings' master, no web UI, no event log, no console
   * progress bar, one attempt per task (a failing client is reported, not retried), the driver
   * bound to the loopback address in local mode. Java 17 needs the {@code --add-opens} flags of
   * this module's pom on the JVM's command line.
   */
  public static JavaSparkContext createContext(SparkSettings settings) {
    SparkConf conf = new SparkConf().setMaster(settings.master()).setAppName(settings.appName())
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.eventLog.enabled", "false")
        .set("spark.task.maxFailures", "1")
        .set("spark.stage.maxConsecutiveAttempts", "1")
        .set("spark.executor.memory", "1g")
        .set("spark.memory.fraction", "0.5");
    if (settings.master().startsWith("local")) {
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    JavaSparkContext sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
    return sc;
  }

  private SparkFederation(JavaSparkContext sc, boolean ownsContext, SparkSettings settings,
      Map<Integer, ClientData> clients, ClientAppFactory factory, long seed) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("spark federation: no clients");
    }
    this.sc = sc;
    this.ownsContext = ownsContext;
    this.settings = settings;
    this.factory = factory;
    this.seed = seed;
    this.root = new Rng(seed);
    TreeMap<Integer, ClientData> sorted = new TreeMap<>(clients);
    this.pool = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.ids = java.util.Set.copyOf(sorted.keySet());
    this.jobs = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "probity-spark-driver");
      t.setDaemon(true);
      return t;
    });
    List<Tuple2<Integer, ClientRecord>> records = new ArrayList<>(sorted.size());
    for (Map.Entry<Integer, ClientData> e : sorted.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("spark federation: client " + e.getKey() + " has no data");
      }
      records.add(new Tuple2<>(e.getKey(), new ClientRecord(e.getKey(), WireData.of(e.getValue()))));
    }
    int p = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
    // Partitioned by id, sorted by id within each partition, so a pass visits clients in a fixed order.
    this.data = sc.parallelizePairs(records, p).partitionBy(new HashPartitioner(p)).values()
        .mapPartitions(SparkFederation::sortedById, true);
    data.setName("probity-clients").persist(StorageLevel.MEMORY_AND_DISK());
    this.states = data.mapPartitions(it -> java.util.Collections.<PassRow>emptyIterator(), true);
    job(0, "load clients", () -> data.count());
  }

  private static java.util.Iterator<ClientRecord> sortedById(java.util.Iterator<ClientRecord> it) {
    List<ClientRecord> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    l.sort(Comparator.comparingInt(ClientRecord::clientId));
    return l.iterator();
  }

  /** Number of client partitions (Spark tasks per pass). */
  public int partitions() {
    return data.getNumPartitions();
  }

  /** Number of clients whose state (personal model, ledger) is held on the executors now. */
  public long storedStates() {
    return job(0, "count states", () -> states.count());
  }

  public JavaSparkContext context() {
    return sc;
  }

  /** Runs {@code rounds} rounds of {@code strategy} from {@code initial} (which is not modified). */
  public FederationResult run(Strategy strategy, Params initial, int rounds) {
    return run(strategy, initial, rounds, null, RoundListener.NONE);
  }

  /**
   * As {@link #run(Strategy, Params, int)}, also evaluating the global model on the driver with
   * {@code central} (null for none) in evaluated rounds and telling {@code listener} about each round.
   */
  public FederationResult run(Strategy strategy, Params initial, int rounds, CentralEvaluator central,
      RoundListener listener) {
    if (rounds < 1) {
      throw new IllegalArgumentException("spark federation: rounds must be >= 1, got " + rounds);
    }
    strategy.checkPool(pool);
    Params global = ParamMath.copy(initial);
    strategy.initialize(global);
    boolean tree = settings.treeAggregate() && isWeightedMean(strategy);
    List<RoundRecord> records = new ArrayList<>();
    List<Double> roundMillis = new ArrayList<>();
    Map<Integer, EvaluateReply> last = Map.of();
    int evaluateEvery = settings.evaluateEvery();
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      Rng roundRng = root.derive("round").derive(round);
      List<FitInstruction> work = new ArrayList<>(strategy.configureFit(round, global, pool, roundRng.derive("fit")));
      work.sort(Comparator.comparingInt(FitInstruction::clientId));
      for (FitInstruction in : work) {
        checkMember(in.clientId());
      }
      int rejected = 0;
      int attempts = 0;
      long bytesDown = 0;
      long bytesUp = 0;
      List<PassRow> accepted = new ArrayList<>();
      JavaRDD<PassRow> acceptedRows = null;
      List<String> errors = new ArrayList<>();
      while (!work.isEmpty() && accepted.isEmpty() && attempts < ATTEMPTS) {
        attempts++;
        bytesDown += strategy.communicates() ? 4L * work.stream().mapToLong(in -> in.global().count()).sum() : 0;
        Pass pass = pass(round, PassPlan.fit(work, attempts));
        List<PassRow> replies = tree
            ? job(round, "fit summaries", () -> pass.rows.filter(r -> r.kind != PassRow.STATE).map(PassRow::summary)
                .collect())
            : job(round, "fit replies", () -> pass.rows.filter(r -> r.kind != PassRow.STATE).collect());
        commit(pass);
        failOnErrors(round, "fit", replies, work.size());
        replies = new ArrayList<>(replies);
        replies.sort(Comparator.comparingInt(r -> r.clientId));
        for (PassRow r : replies) {
          bytesUp += strategy.communicates() ? 4L * r.count : 0;
          if (r.finite) {
            accepted.add(r);
          } else {
            rejected++;
            String msg = "round " + round + ": rejected the reply of client " + r.clientId + " (NaN or Inf values)";
            errors.add(msg);
            LOG.log(System.Logger.Level.WARNING, msg);
          }
        }
        acceptedRows = pass.rows;
        pass.plan.destroy();
      }
      if (!work.isEmpty() && accepted.isEmpty()) {
        throw new FederationException(round, "round " + round + ": all " + work.size() + " sampled clients failed in "
            + attempts + " attempts (rejected " + rejected + ")" + (errors.isEmpty() ? "" : "; first: "
            + errors.get(0)));
      }
      if (!accepted.isEmpty()) {
        global = tree ? treeAverage(round, global, accepted, acceptedRows, strategy)
            : strategy.aggregateFit(round, global, toFitReplies(accepted));
      } else if (work.isEmpty()) {
        global = strategy.aggregateEmptyRound(round, global);
      }
      Map<String, Double> metrics = Map.of();
      Map<String, Double> centralMetrics = Map.of();
      long evaluateBytesDown = 0;
      if (round % evaluateEvery == 0 || round == rounds) {
        List<EvaluateInstruction> evalWork = new ArrayList<>(strategy.configureEvaluate(round, global, pool,
            roundRng.derive("evaluate")));
        evalWork.sort(Comparator.comparingInt(EvaluateInstruction::clientId));
        for (EvaluateInstruction in : evalWork) {
          checkMember(in.clientId());
        }
        evaluateBytesDown = strategy.communicates()
            ? 4L * evalWork.stream().mapToLong(in -> in.global().count()).sum() : 0;
        List<EvaluateReply> replies = new ArrayList<>();
        if (!evalWork.isEmpty()) {
          Pass pass = pass(round, PassPlan.evaluate(evalWork));
          List<PassRow> rows = job(round, "evaluation", () -> pass.rows.filter(r -> r.kind != PassRow.STATE)
              .collect());
          commit(pass);
          pass.plan.destroy();
          failOnErrors(round, "evaluate", rows, evalWork.size());
          for (PassRow r : rows) {
            replies.add(r.toEvaluateReply());
          }
        }
        replies.sort(Comparator.comparingInt(EvaluateReply::clientId));
        List<EvaluateReply> selected = selectEvaluations(strategy, round, List.copyOf(replies));
        Map<Integer, EvaluateReply> byClient = new TreeMap<>();
        for (EvaluateReply r : selected) {
          byClient.put(r.clientId(), r);
        }
        last = byClient;
        metrics = strategy.aggregateEvaluate(round, selected);
        if (central != null && strategy.hasGlobalModel()) {
          centralMetrics = central.evaluate(round, global);
        }
      }
      RoundRecord record = new RoundRecord(round, work.size(), accepted.size(), 0, 0, 0, 0, rejected, attempts,
          metrics, bytesDown, bytesUp, evaluateBytesDown, centralMetrics);
      double millis = (System.nanoTime() - start) / 1e6;
      records.add(record);
      roundMillis.add(millis);
      listener.onRound(record, millis, global);
    }
    return new FederationResult(strategy.name(), global, records, last, roundMillis);
  }

  /**
   * Whether {@code s}'s aggregate is FedAvg's example-weighted mean (FedAvg, FedProx, Ditto, ... —
   * any subclass that does not override {@link FedAvg#aggregateFit}), which can be summed on the
   * executors.
   */
  static boolean isWeightedMean(Strategy s) {
    if (!(s instanceof FedAvg)) {
      return false;
    }
    try {
      return s.getClass().getMethod("aggregateFit", int.class, Params.class, List.class).getDeclaringClass()
          == FedAvg.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** FedAvg's Σ_k (n_k / n) w_k by treeAggregate over the pass's rows; collects when no reply counts an example. */
  private Params treeAverage(int round, Params global, List<PassRow> accepted, JavaRDD<PassRow> rows,
      Strategy strategy) {
    double total = 0;
    for (PassRow r : accepted) {
      total += r.numExamples;
    }
    int n = global.count();
    if (!(total > 0)) {
      // FedAvg's equal weights for replies without examples: rare, so the replies come to the driver.
      List<PassRow> full = job(round, "fit replies", () -> rows.filter(r -> r.kind == PassRow.FIT && r.finite)
          .collect());
      return strategy.aggregateFit(round, global, toFitReplies(full));
    }
    double t = total;
    FedAvgSum sum = job(round, "fedavg tree aggregate", () -> rows.treeAggregate(new FedAvgSum(),
        new FedAvgSum.Add(t, n), new FedAvgSum.Merge()));
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) sum.acc[i];
    }
    return global.unflatten(Tensor.wrap(out, Shape.of(n)));
  }

  private static List<FitReply> toFitReplies(List<PassRow> rows) {
    List<FitReply> out = new ArrayList<>(rows.size());
    for (PassRow r : rows) {
      if (r.kind == PassRow.FIT && r.finite) {
        out.add(r.toFitReply());
      }
    }
    out.sort(Comparator.comparingInt(FitReply::clientId));
    return out;
  }

  /** Strategy.selectEvaluations is protected; same package is not available here, so call it reflectively. */
  private static List<EvaluateReply> selectEvaluations(Strategy s, int round, List<EvaluateReply> replies) {
    try {
      java.lang.reflect.Method m = Strategy.class.getDeclaredMethod("selectEvaluations", int.class, List.class);
      m.setAccessible(true);
      @SuppressWarnings("unchecked")
      List<EvaluateReply> out = (List<EvaluateReply>) m.invoke(s, round, replies);
      return out;
    } catch (ReflectiveOperationException e) {
      Throwable c = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("spark federation: cannot call " + s.name() + ".selectEvaluations", c);
    }
  }

  private void checkMember(int clientId) {
    if (!ids.contains(clientId)) {
      throw new IllegalArgumentException("spark federation: strategy chose client " + clientId
          + ", which is not in the federation");
    }
  }

  /** A client that threw fails the round, naming the first such client (by id) and its cause. */
  private static void failOnErrors(int round, String phase, List<PassRow> rows, int asked) {
    List<PassRow> failed = new ArrayList<>();
    for (PassRow r : rows) {
      if (r.kind == PassRow.ERROR) {
        failed.add(r);
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    failed.sort(Comparator.comparingInt(r -> r.clientId));
    PassRow first = failed.get(0);
    String cause = first.error.lines().findFirst().orElse("(no message)");
    FederationException e = new FederationException(round, "round " + round + ": client " + first.clientId
        + " failed in " + phase + " on a Spark executor: " + cause + " (" + failed.size() + " of " + asked
        + " clients failed)");
    e.initCause(new RuntimeException("client " + first.clientId + ", executor stack trace:\n" + first.error));
    throw e;
  }

  private record Pass(JavaRDD<PassRow> rows, Broadcast<PassPlan> plan) {}

  /** The rows of one pass; locally checkpointed, so the next pass's states do not carry this one's lineage. */
  private Pass pass(int round, PassPlan plan) {
    Broadcast<PassPlan> b = sc.broadcast(plan);
    JavaRDD<PassRow> rows = data.zipPartitions(states, new ClientPass(factory, b, seed));
    rows.setName("probity-pass-" + round + (plan.fit ? "-fit" : "-evaluate"));
    rows.rdd().localCheckpoint();
    return new Pass(rows, b);
  }

  /** Makes a materialised pass's state rows the clients' states and drops the previous pass. */
  private void commit(Pass pass) {
    JavaRDD<PassRow> old = lastRows;
    lastRows = pass.rows;
    states = pass.rows.filter(r -> r.kind == PassRow.STATE);
    if (old != null) {
      old.unpersist(false);
    }
  }

  /** Runs a Spark action within the job time limit, cancelling its job group when the limit passes. */
  private <T> T job(int round, String what, Supplier<T> action) {
    String group = "probity-" + Integer.toHexString(System.identityHashCode(this)) + "-" + (++jobCounter);
    Future<T> f = jobs.submit(() -> {
      sc.setJobGroup(group, what, true);
      try {
        return action.get();
      } finally {
        sc.clearJobGroup();
      }
    });
    long limit = settings.jobTimeoutMillis();
    try {
      return f.get(limit, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      sc.cancelJobGroup(group);
      try {
        // Let the cancelled job end before the caller goes on (or stops the context).
        f.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException ignored) {
        f.cancel(true);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw new FederationException(round, "round " + round + ": Spark job '" + what + "' did not finish within "
          + limit + " ms (cancelled)");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      Throwable rootCause = c;
      while (rootCause.getCause() != null && rootCause.getCause() != rootCause) {
        rootCause = rootCause.getCause();
      }
      FederationException fe = new FederationException(round, "round " + round + ": Spark job '" + what
          + "' failed: " + rootCause);
      fe.initCause(c);
      throw fe;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sc.cancelJobGroup(group);
      throw new IllegalStateException("round " + round + ": interrupted while waiting for Spark job '" + what + "'",
          e);
    }
  }

  /** Drops the persisted clients and states and stops the context if this federation created it. */
  @Override
  public void close() {
    try {
      if (lastRows != null) {
        lastRows.unpersist(false);
      }
      data.unpersist(false);
    } finally {
      jobs.shutdownNow();
      if (ownsContext) {
        sc.stop();
      }
    }
  }
}
