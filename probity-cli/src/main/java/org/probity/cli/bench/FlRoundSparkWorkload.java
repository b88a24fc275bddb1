package org.probity.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.FederatedData;
import org.probity.federated.Federation;
import org.probity.federated.FederationEngine;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.RoundListener;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Kernels;
import org.probity.tensor.nn.Params;

/**
 * {@code probity bench fl-round --backend spark}: the same FedAvg rounds as {@link FlRoundWorkload}
 * (Synthetic(1, 1) clients of FedProx, softmax, one local epoch, batch 10, SGD 0.01, every client
 * sampled, no evaluation) on the {@code spark} {@link FederationEngine} (master {@code local[N]})
 * beside the in-process backend with N worker threads, on the same federation and seed, in client
 * updates per second: first the 100-client federation of {@code fl-round}, then a 1,000-client one
 * (sizes capped as in fl-round's heap check) to show how the engine's fixed per-round cost (jobs,
 * broadcast, checkpoint, tree aggregate) weighs against the per-client work. A round's time is read
 * from the engine's own per-round clock, so that the once-per-run costs (the context's start-up,
 * shipping the clients' data to the executors) are reported apart, in the note after the table,
 * rather than spread over a handful of rounds. The two backends' repetitions are interleaved
 * (DESIGN §7) and both must end on the same parameters (the engine is exact for FedAvg).
 */
final class FlRoundSparkWorkload {
  /** The second federation: clients (all sampled) and its size cap, as in fl-round's heap check. */
  static final int BIG_CLIENTS = FlRoundWorkload.HEAP_CLIENTS;
  static final int BIG_MAX_SIZE = FlRoundWorkload.HEAP_MAX_SIZE;
  /** Rounds per timed repetition at full size; the first run of each backend is an untimed warm-up. */
  static final int ROUNDS = 3;
  /** Largest |in-process - spark| parameter difference accepted as "the same parameters". */
  static final double TOLERANCE = 1e-6;

  private static final ModelSpec SPEC = ModelSpec.softmax();
  /** How the executors rebuild the client app: static constants only, so it serializes as a lambda. */
  private static final FederationEngine.ClientRecipe RECIPE = FlRoundSparkWorkload::app;

  private final int clients;
  private final int bigClients;
  private final int rounds;
  private Measurement last;

  /** The full-size bench: {@value FlRoundWorkload#CLIENTS} and {@value #BIG_CLIENTS} clients, {@value #ROUNDS} rounds a repetition. */
  FlRoundSparkWorkload() {
    this(FlRoundWorkload.CLIENTS, BIG_CLIENTS, ROUNDS);
  }

  /** A reduced size (tests). */
  FlRoundSparkWorkload(int clients, int bigClients, int rounds) {
    if (clients < 1 || bigClients < 1 || rounds < 1) {
      throw new IllegalArgumentException("fl-round spark: clients, big clients and rounds must be >= 1, got "
          + clients + ", " + bigClients + ", " + rounds);
    }
    this.clients = clients;
    this.bigClients = bigClients;
    this.rounds = rounds;
  }

  /** One federation's figures on both backends, with {@code clients} sampled per round. */
  record Side(int clients, long examples, double inProcessPerS, double sparkPerS, double startupSeconds,
      double shipSeconds, double maxParamDiff, int roundsTimed) {
    /** How many times slower a Spark round is than an in-process one (above 1: Spark costs more). */
    double overhead() {
      return inProcessPerS / sparkPerS;
    }

    double inProcessRoundMs() {
      return 1e3 * clients / inProcessPerS;
    }

    double sparkRoundMs() {
      return 1e3 * clients / sparkPerS;
    }
  }

  /**
   * Both federations' figures ({@code cohort}: the big federation with only as many clients sampled
   * per round as the small one has), and what they imply for Spark's per-round fixed cost and
   * per-client cost.
   */
  record Measurement(int threads, Side small, Side big, Side cohort) {
    /**
     * Spark's round time and its extra time over in-process, each fitted as a + b·clients through
     * the big federation's two cohort sizes (same data, same size cap), in ms and ms per client:
     * {spark a, spark b, extra a, extra b}.
     */
    double[] fixedAndPerClientMs() {
      if (big.clients == cohort.clients) {
        return new double[] {big.sparkRoundMs(), 0, big.sparkRoundMs() - big.inProcessRoundMs(), 0};
      }
      double sb = (big.sparkRoundMs() - cohort.sparkRoundMs()) / (big.clients - cohort.clients);
      double dBig = big.sparkRoundMs() - big.inProcessRoundMs();
      double dCohort = cohort.sparkRoundMs() - cohort.inProcessRoundMs();
      double db = (dBig - dCohort) / (big.clients - cohort.clients);
      return new double[] {cohort.sparkRoundMs() - sb * cohort.clients, sb, dCohort - db * cohort.clients, db};
    }

    /** The in-process round time fitted the same way: {a, b}. */
    double[] inProcessFixedAndPerClientMs() {
      if (big.clients == cohort.clients) {
        return new double[] {big.inProcessRoundMs(), 0};
      }
      double b = (big.inProcessRoundMs() - cohort.inProcessRoundMs()) / (big.clients - cohort.clients);
      return new double[] {cohort.inProcessRoundMs() - b * cohort.clients, b};
    }

    boolean sameParameters() {
      return small.maxParamDiff <= TOLERANCE && big.maxParamDiff <= TOLERANCE && cohort.maxParamDiff <= TOLERANCE;
    }

    String note() {
      double[] ab = fixedAndPerClientMs();
      double[] in = inProcessFixedAndPerClientMs();
      return String.format(Locale.ROOT, "fl-round spark: master local[%d] vs %d in-process threads, same federation"
          + " and seed.%n  %d clients (uncapped sizes, %d examples): in-process %.0f updates/s (%.1f ms/round),"
          + " spark %.0f updates/s (%.1f ms/round), overhead %.2fx.%n  %d clients (sizes capped at %d, %d examples),"
          + " all sampled: in-process %.0f updates/s (%.0f ms/round), spark %.0f updates/s (%.0f ms/round), overhead"
          + " %.2fx; %d of them sampled: in-process %.0f, spark %.0f updates/s, overhead %.2fx.%n  Round time fitted"
          + " as fixed + per client on the %d-client federation: spark %.1f ms + %.3f ms/client, in-process %.1f ms"
          + " + %.3f ms/client (spark's extra: %.1f ms + %.3f ms/client).%n  Once per run: engine start-up %.1f s"
          + " (first context), %.1f s (second); shipping the clients' data %.2f s, %.2f s.%n  Parameters equal"
          + " in-process: %s (max |diff| %.1e, %.1e, %.1e).",
          threads, threads, small.clients, small.examples, small.inProcessPerS, small.inProcessRoundMs(),
          small.sparkPerS, small.sparkRoundMs(), small.overhead(), big.clients, BIG_MAX_SIZE, big.examples,
          big.inProcessPerS, big.inProcessRoundMs(), big.sparkPerS, big.sparkRoundMs(), big.overhead(),
          cohort.clients, cohort.inProcessPerS, cohort.sparkPerS, cohort.overhead(), big.clients, ab[0], ab[1],
          in[0], in[1], ab[2], ab[3], small.startupSeconds, big.startupSeconds, small.shipSeconds, big.shipSeconds,
          sameParameters() ? "yes" : "NO", small.maxParamDiff, big.maxParamDiff, cohort.maxParamDiff);
    }
  }

  /** The last measurement (tests), or null before the first run. */
  Measurement last() {
    return last;
  }

  /**
   * The spark engine, or an {@link IllegalArgumentException} saying how to put it on the classpath
   * (the command turns it into exit code 2 before any measurement).
   */
  static FederationEngine engine() {
    try {
      return FederationEngine.find("spark");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--backend spark: " + e.getMessage() + "; run with PROBITY_SPARK=1"
          + " (PROBITY_SPARK=1 ./probity bench fl-round --backend spark), which puts probity-spark and Spark's jars"
          + " on the classpath", e);
    }
  }

  void run(BenchContext ctx, Consumer<BenchResult> sink, Consumer<String> notes) {
    FederationEngine engine = engine();
    int n = ctx.parallelThreads();
    int reps = ctx.runner().budget().repetitions();
    try (KernelSettings k = KernelSettings.save()) {
      // Spark's local executors are threads of this JVM, so the kernel setting holds for both backends.
      k.select(Kernels.Backend.VECTOR, 1);
      Side small = measure(engine, n, reps, clients(clients, 0), List.of(Integer.MAX_VALUE)).get(0);
      sink.accept(new BenchResult("fl-round-spark", Metric.UPDATES_PER_S, small.sparkPerS, small.inProcessPerS,
          "spark local[" + n + "] vs in-process " + n + " threads, " + clients + " clients"));
      List<Side> bigSides = measure(engine, n, reps, clients(bigClients, BIG_MAX_SIZE),
          List.of(Integer.MAX_VALUE, Math.min(clients, bigClients)));
      Side big = bigSides.get(0);
      sink.accept(new BenchResult("fl-round-spark-" + bigClients, Metric.UPDATES_PER_S, big.sparkPerS,
          big.inProcessPerS, "spark local[" + n + "] vs in-process " + n + " threads, " + bigClients + " clients"));
      last = new Measurement(n, small, big, bigSides.get(1));
      notes.accept(last.note());
    }
  }

  /**
   * One federation on both backends, once per cohort size ({@code Integer.MAX_VALUE}: every client)
   * in one engine session: an untimed warm-up run each, then {@code reps} interleaved repetitions of
   * {@link #rounds} rounds; the median round time of each backend gives its rate.
   */
  private List<Side> measure(FederationEngine engine, int threads, int reps, Map<Integer, ClientData> data,
      List<Integer> cohorts) {
    Params init = initial(data);
    long examples = 0;
    for (ClientData c : data.values()) {
      examples += c.train().size();
    }
    long t0 = System.nanoTime();
    try (FederationEngine.Session spark = engine.open(Map.of("master", "local[" + threads + "]", "log_level", "ERROR"),
        data, RECIPE, FlRoundWorkload.SEED);
        InProcessBackend backend = new InProcessBackend(threads)) {
      double startup = (System.nanoTime() - t0) * 1e-9;
      Federation local = new Federation(data, app(), backend, FlRoundWorkload.SEED);
      List<Side> sides = new ArrayList<>();
      for (int cohort : cohorts) {
        int sampled = Math.min(cohort, data.size());
        FedAvg strategy = new FedAvg(sampled == data.size() ? ClientSampler.all() : ClientSampler.fixedCount(sampled),
            (pool, rng) -> new int[0]);
        local.run(strategy, init, rounds);
        spark.run(strategy, init, rounds, rounds, null, RoundListener.NONE);
        List<Double> localMs = new ArrayList<>();
        List<Double> sparkMs = new ArrayList<>();
        double ship = Double.POSITIVE_INFINITY;
        FederationResult a = null;
        FederationResult b = null;
        for (int r = 0; r < reps; r++) {
          a = local.run(strategy, init, rounds);
          localMs.addAll(a.roundMillis());
          long s0 = System.nanoTime();
          b = spark.run(strategy, init, rounds, rounds, null, RoundListener.NONE);
          double wall = (System.nanoTime() - s0) * 1e-6;
          double inRounds = 0;
          for (double m : b.roundMillis()) {
            inRounds += m;
          }
          // What a run costs beyond its rounds: distributing and persisting the clients' data.
          ship = Math.min(ship, (wall - inRounds) * 1e-3);
          sparkMs.addAll(b.roundMillis());
        }
        double localSeconds = median(localMs) * 1e-3;
        double sparkSeconds = median(sparkMs) * 1e-3;
        sides.add(new Side(sampled, examples, sampled / localSeconds, sampled / sparkSeconds, startup, ship,
            maxAbsDiff(a.global(), b.global()), localMs.size()));
      }
      return sides;
    }
  }

  private static double median(List<Double> ms) {
    double[] v = new double[ms.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ms.get(i);
    }
    return BenchRunner.median(v);
  }

  static double maxAbsDiff(Params a, Params b) {
    float[] x = a.flatten().data();
    float[] y = b.flatten().data();
    if (x.length != y.length) {
      throw new IllegalStateException("fl-round spark: " + x.length + " in-process parameters but " + y.length
          + " from spark");
    }
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs((double) x[i] - y[i]));
    }
    return max;
  }

  private static ClientApp app() {
    return new SupervisedClient(SPEC, 1, FlRoundWorkload.BATCH, Optimizers.sgd(FlRoundWorkload.LR));
  }

  /** The fl-round federation: Synthetic(1, 1) with {@code count} clients, sizes capped at {@code maxSize} when positive. */
  private static Map<Integer, ClientData> clients(int count, int maxSize) {
    FedProxSynthetic.Config c = FedProxSynthetic.Config.of(1, 1).withClients(count);
    if (maxSize > 0) {
      c = c.withMaxSize(maxSize);
    }
    Dataset d = FedProxSynthetic.generate(c, new Rng(FlRoundWorkload.SEED));
    return FederatedData.byClient(d, 0.2, 0, new Rng(FlRoundWorkload.SEED).derive("split"));
  }

  private static Params initial(Map<Integer, ClientData> clients) {
    return Models.build(SPEC, clients.values().iterator().next().train(), new Rng(FlRoundWorkload.SEED)
        .derive("init")).params();
  }
}
