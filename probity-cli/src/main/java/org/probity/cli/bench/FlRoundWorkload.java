package org.probity.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FedAvg;
import org.probity.federated.FederatedData;
import org.probity.federated.Federation;
import org.probity.federated.InProcessBackend;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Kernels;
import org.probity.tensor.nn.Params;

/**
 * One round of federated averaging through the real engine ({@link Federation} on an
 * {@link InProcessBackend}): 100 clients of Synthetic(1, 1) (FedProx's setting, uncapped sizes),
 * each training softmax regression for one local epoch (batch 10, SGD 0.01, as in FedProx), in
 * client updates per second: N worker threads against one, interleaved by the runner. Evaluation
 * is switched off so that the figure is the training alone. This is issue 4's {@code fl-round}
 * benchmark; its second half, the retained heap after rounds 10 and 200 of a 1,000-client
 * federation (a leak check: nothing should grow from round to round), is not a fast-versus-fallback
 * pair and is printed as a note after the table. With {@code --backend spark} the workload runs
 * {@link FlRoundSparkWorkload} instead: the Spark engine beside the in-process backend.
 */
final class FlRoundWorkload implements Workload {
  static final int CLIENTS = 100;
  static final int BATCH = 10;
  static final double LR = 0.01;
  static final long SEED = 20170;
  /** The heap check: clients, per-round cohort (fit and evaluate), capped client size, rounds measured. */
  static final int HEAP_CLIENTS = 1000;
  static final int HEAP_COHORT = 50;
  static final int HEAP_MAX_SIZE = 200;
  static final int EARLY_ROUND = 10;
  static final int LATE_ROUND = 200;

  private static final ModelSpec SPEC = ModelSpec.softmax();

  /** What {@code --backend spark} runs instead: the Spark engine beside the in-process backend. */
  private final FlRoundSparkWorkload spark;

  FlRoundWorkload() {
    this(new FlRoundSparkWorkload());
  }

  /** With a Spark comparison of another size (tests). */
  FlRoundWorkload(FlRoundSparkWorkload spark) {
    this.spark = spark;
  }

  @Override
  public String name() {
    return "fl-round";
  }

  @Override
  public String description() {
    return "FedAvg round, " + CLIENTS + " Synthetic(1,1) clients, softmax, 1 local epoch, client updates/s: N threads"
        + " vs 1; then heap after rounds " + EARLY_ROUND + " and " + LATE_ROUND + " with " + HEAP_CLIENTS + " clients";
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    int n = ctx.parallelThreads();
    Map<Integer, ClientData> clients = clients(CLIENTS, 0);
    Params init = initial(clients);
    SupervisedClient app = new SupervisedClient(SPEC, 1, BATCH, Optimizers.sgd(LR));
    FedAvg strategy = new FedAvg(ClientSampler.all(), (pool, rng) -> new int[0]);
    try (KernelSettings k = KernelSettings.save();
        InProcessBackend many = new InProcessBackend(n);
        InProcessBackend one = new InProcessBackend(1)) {
      k.select(Kernels.Backend.VECTOR, 1);
      Federation fast = new Federation(clients, app, many, SEED);
      Federation slow = new Federation(clients, app, one, SEED);
      double[] seconds = ctx.runner().secondsPerCall(() -> fast.run(strategy, init, 1),
          () -> slow.run(strategy, init, 1));
      sink.accept(new BenchResult(name(), Metric.UPDATES_PER_S, CLIENTS / seconds[0], CLIENTS / seconds[1],
          n + " threads vs 1 thread, " + CLIENTS + " clients, vector kernel"));
    }
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink, Consumer<String> notes) {
    if (BenchContext.SPARK.equals(ctx.backend())) {
      spark.run(ctx, sink, notes);
      return;
    }
    run(ctx, sink);
    notes.accept(heapNote(ctx.parallelThreads()));
  }

  /**
   * Runs {@value #LATE_ROUND} rounds of FedAvg over {@value #HEAP_CLIENTS} clients ({@value #HEAP_COHORT}
   * fit and {@value #HEAP_COHORT} evaluated per round, so that the check takes seconds, not minutes)
   * and reads the used heap after a full GC at the end of rounds {@value #EARLY_ROUND} and
   * {@value #LATE_ROUND}, while the federation, its data and the rounds' records are all reachable.
   */
  static String heapNote(int threads) {
    Map<Integer, ClientData> clients = clients(HEAP_CLIENTS, HEAP_MAX_SIZE);
    Params init = initial(clients);
    long[] used = new long[2];
    FedAvg strategy = new FedAvg(ClientSampler.fixedCount(HEAP_COHORT), ClientSampler.fixedCount(HEAP_COHORT)) {
      @Override
      public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
        Map<String, Double> out = super.aggregateEvaluate(round, replies);
        if (round == EARLY_ROUND) {
          used[0] = retainedHeap();
        } else if (round == LATE_ROUND) {
          used[1] = retainedHeap();
        }
        return out;
      }
    };
    long start = System.nanoTime();
    try (KernelSettings k = KernelSettings.save();
        InProcessBackend backend = new InProcessBackend(threads)) {
      k.select(Kernels.Backend.VECTOR, 1);
      Federation f = new Federation(clients, new SupervisedClient(SPEC, 1, BATCH, Optimizers.sgd(LR)), backend, SEED);
      f.run(strategy, init, LATE_ROUND);
    }
    double mib = 1024.0 * 1024.0;
    return String.format(Locale.ROOT, "fl-round heap: %d clients (sizes capped at %d), %d fit + %d evaluated per round:"
        + " used heap after full GC %.1f MiB after round %d, %.1f MiB after round %d (%+.1f MiB); %.1f s",
        clients.size(), HEAP_MAX_SIZE, HEAP_COHORT, HEAP_COHORT, used[0] / mib, EARLY_ROUND, used[1] / mib, LATE_ROUND,
        (used[1] - used[0]) / mib, (System.nanoTime() - start) * 1e-9);
  }

  /** Used heap after two full collections (the second catches what finalisation released). */
  static long retainedHeap() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Map<Integer, ClientData> clients(int count, int maxSize) {
    FedProxSynthetic.Config c = FedProxSynthetic.Config.of(1, 1).withClients(count);
    if (maxSize > 0) {
      c = c.withMaxSize(maxSize);
    }
    Dataset d = FedProxSynthetic.generate(c, new Rng(SEED));
    return FederatedData.byClient(d, 0.2, 0, new Rng(SEED).derive("split"));
  }

  private static Params initial(Map<Integer, ClientData> clients) {
    return Models.build(SPEC, clients.values().iterator().next().train(), new Rng(SEED).derive("init")).params();
  }
}
