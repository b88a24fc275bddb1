package org.probity.cli.run;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.cli.progress.Progress;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.FaultsSection;
import org.probity.cli.spec.FederatedSection;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.StrategySection;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.ModelSpecException;
import org.probity.core.model.Models;
import org.probity.core.provenance.Provenance;
import org.probity.core.train.Checkpoints;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.ExecutionBackend;
import org.probity.federated.Faults;
import org.probity.federated.ClientStateStore;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.FineTune;
import org.probity.federated.Ifca;
import org.probity.federated.InMemoryStateStore;
import org.probity.federated.InProcessBackend;
import org.probity.federated.PrivateStrategy;
import org.probity.federated.SiloPrivacy;
import org.probity.federated.Strategy;
import org.probity.federated.SupervisedCentralEvaluator;
import org.probity.core.optim.GradientTransform;
import org.probity.federated.BoundedGroupLoss;
import org.probity.federated.BoundedGroupLossClient;
import org.probity.federated.CentralEvaluator;
import org.probity.federated.ClientApp;
import org.probity.federated.FederationEngine;
import org.probity.federated.Local;
import org.probity.federated.RoundListener;
import org.probity.federated.MaxFlClient;
import org.probity.federated.TiltedClient;
import org.probity.federated.metrics.Appeal;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Runs a federated experiment (a spec with {@code federated:}) into a run folder, the federated
 * counterpart of {@link ExperimentRunner} with the same folder life ({@link RunSession}). First
 * everything that can be checked is checked: the clients are prepared, the model, the clients'
 * optimiser and every strategy are built against them, and settings the clients cannot satisfy
 * (IFCA with more clusters than clients, a fine-tuning grid without validation splits) fail as bad
 * input before a folder exists. Then each strategy runs in turn on the same clients and splits,
 * from the same initial model (the root seed's "model" stream) with the same federation seed (its
 * "federation" stream), so strategies differ by their algorithm alone; its rounds go to
 * metrics.jsonl, a strategy with one global model is checkpointed, and summary.json compares them
 * per client (issue 4 §3). Each strategy is one progress task whose steps are rounds.
 */
public final class FederatedRunner {
  private final Progress progress;
  private final Clock clock;

  public FederatedRunner(Progress progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * One strategy's outcome, as the command's table shows it: appeal against the spec's first Local
   * strategy (null without one), the pooled worst-group accuracy (NaN when the data has no groups),
   * a constrained strategy's verdict on its constraint (BGL; null for the others), and the clients'
   * final validation accuracies, of the same models as {@code accuracy}'s test ones (null when the
   * spec has no validation split: federated.split.validation 0).
   */
  public record StrategyOutcome(String name, String kind, ClientDistribution accuracy, Double hurtVsFedavg,
      Double hurtVsLocal, Double appeal, double worstGroupAccuracy, long bytesUp, long bytesDown, double seconds,
      String constraint, ClientDistribution validationAccuracy) {
    /** An outcome without validation accuracies. */
    public StrategyOutcome(String name, String kind, ClientDistribution accuracy, Double hurtVsFedavg,
        Double hurtVsLocal, Double appeal, double worstGroupAccuracy, long bytesUp, long bytesDown, double seconds,
        String constraint) {
      this(name, kind, accuracy, hurtVsFedavg, hurtVsLocal, appeal, worstGroupAccuracy, bytesUp, bytesDown, seconds,
          constraint, null);
    }
  }

  /**
   * A finished run: its folder, the strategies' outcomes in spec order, the total time and, with
   * federated.privacy, each strategy's guarantee sentence (empty otherwise).
   */
  public record Outcome(RunFolder run, List<StrategyOutcome> strategies, double seconds,
      List<PrivacyOutcome> privacy) {
    public Outcome {
      privacy = List.copyOf(privacy);
    }
  }

  /** A federated experiment checked against its clients and ready to run: nothing is written yet. */
  public static final class Prepared {
    private final LoadedSpec loaded;
    private final FederatedExperimentData clients;
    private final Params initial;
    private final ClientApp app;
    private final long federationSeed;
    private final Rng modelRng;
    private final List<Strategy> strategies;
    private final FederatedPrivacyPlan privacy;

    private Prepared(LoadedSpec loaded, FederatedExperimentData clients, Params initial, ClientApp app,
        long federationSeed, Rng modelRng, List<Strategy> strategies, FederatedPrivacyPlan privacy) {
      this.loaded = loaded;
      this.clients = clients;
      this.initial = initial;
      this.app = app;
      this.federationSeed = federationSeed;
      this.modelRng = modelRng;
      this.strategies = strategies;
      this.privacy = privacy;
    }

    public FederatedExperimentData clients() {
      return clients;
    }

    public LoadedSpec loaded() {
      return loaded;
    }

    /** The initial global model every strategy starts from. */
    public Params initial() {
      return initial;
    }

    /** The seed of the federation's round loop (client sampling, faults, each client's stream). */
    public long federationSeed() {
      return federationSeed;
    }

    /** The strategies, in the spec's order. */
    public List<Strategy> strategies() {
      return List.copyOf(strategies);
    }
  }

  /**
   * Prepares the clients and builds the model, the clients' optimiser and every strategy against
   * them; a spec that cannot work fails here with a {@link org.probity.cli.spec.SpecException}
   * naming its path and line.
   */
  public static Prepared prepare(LoadedSpec loaded) {
    ExperimentSpec spec = loaded.spec();
    if (!spec.isFederated()) {
      throw new IllegalArgumentException("spec " + spec.name() + " is not federated: run it with ExperimentRunner");
    }
    Rng root = new Rng(spec.seed());
    FederatedExperimentData clients = FederatedExperimentData.prepare(loaded, root.derive("data"),
        spec.model().type().equals("cnn"));
    return prepare(loaded, clients, root);
  }

  /**
   * As above over given clients, the initial model and federation seed from {@code root}'s streams:
   * a run passes its root seed and prepared clients, an audit's retraining other rows or seeds.
   */
  static Prepared prepare(LoadedSpec loaded, FederatedExperimentData clients, Rng root) {
    ExperimentSpec spec = loaded.spec();
    FederatedSection f = spec.federated();
    int n = clients.clients().size();
    ClientSampler sampler = StrategyFactory.sampler(f.clientsPerRound());
    FederatedPrivacyPlan privacy = FederatedPrivacyPlan.prepare(loaded, clients);
    List<Strategy> strategies = new ArrayList<>();
    for (int i = 0; i < f.strategies().size(); i++) {
      StrategySection s = f.strategies().get(i);
      String at = "federated.strategies[" + i + "].";
      if (s.kind().equals("ifca") && s.integer("clusters") > n) {
        throw loaded.error(at + "clusters", "IFCA with " + s.integer("clusters") + " clusters needs at least as many"
            + " clients, but the partition gives " + n + "; use at most " + n + " clusters");
      }
      if (s.kind().equals("finetune") && s.list("epochs").size() > 1 && f.split().validation() == 0) {
        throw loaded.error(at + "epochs", "a grid of fine-tuning epochs is chosen on the clients' validation"
            + " splits, but federated.split.validation is 0; give one number of epochs or a validation fraction");
      }
      if (s.kind().equals("bgl")) {
        checkGroups(loaded, at, s, clients);
      }
      Strategy built;
      try {
        built = StrategyFactory.build(s, sampler);
      } catch (IllegalArgumentException e) {
        throw loaded.error(at + "kind", e.getMessage());
      }
      strategies.add(privacy == null ? built : privacy.wrap(loaded, i, s, built));
    }
    if (f.backend().spark()) {
      checkSpark(loaded, f);
    }
    Rng modelRng = root.derive("model");
    Params initial;
    try {
      initial = Models.build(spec.model(), clients.data(), modelRng).params();
    } catch (ModelSpecException e) {
      throw loaded.error("model." + (e.field().isEmpty() ? "type" : e.field()), e.getMessage());
    }
    ClientApp app;
    try {
      app = clientApp(spec);
    } catch (IllegalArgumentException e) {
      throw loaded.error("optimizer", e.getMessage());
    }
    long federationSeed = root.derive("federation").nextLong();
    return new Prepared(loaded, clients, initial, app, federationSeed, modelRng, strategies, privacy);
  }

  /**
   * What the Spark engine cannot run yet fails before any folder: private strategies (their ledgers
   * live in the client store) and MaxFL (its thresholds come from an in-process Local warm-up).
   */
  private static void checkSpark(LoadedSpec loaded, FederatedSection f) {
    if (f.privacy() != null) {
      throw loaded.error("federated.backend.kind", "federated.privacy does not run on the spark backend yet; use"
          + " backend kind inprocess");
    }
    for (StrategySection s : f.strategies()) {
      if (s.kind().equals("maxfl")) {
        throw loaded.error("federated.backend.kind", "maxfl trains its thresholds in-process before its rounds, which"
            + " the spark backend does not run yet; use backend kind inprocess");
      }
    }
    try {
      FederationEngine.find("spark");
    } catch (IllegalArgumentException e) {
      throw loaded.error("federated.backend.kind", e.getMessage() + " (build it with ./mvnw -pl probity-spark -am"
          + " package and put its classpath on java's)");
    }
  }

  /**
   * The client app every strategy of {@code spec} runs on: one app for every kind, each decorator
   * acting only on the fit keys of its own strategy. A deployed site builds the same from the spec
   * the server hands it, so it trains exactly as the simulated client would.
   */
  public static ClientApp clientApp(ExperimentSpec spec) {
    FederatedSection f = spec.federated();
    GradientTransform<?> optimizer = Builders.optimizer(spec.optimizer(), 1);
    return new MaxFlClient(new BoundedGroupLossClient(spec.model(), f.localEpochs(), f.batchSize(), optimizer,
        new TiltedClient(spec.model(), f.localEpochs(), f.batchSize(), optimizer)));
  }

  /**
   * Bounded group loss needs group ids in the clients' data, and every group the spec constrains
   * must occur in it: both fail here, before any folder, at the spec's path.
   */
  private static void checkGroups(LoadedSpec loaded, String at, StrategySection s, FederatedExperimentData clients) {
    if (clients.data().groups() == null) {
      throw loaded.error(at + "kind", "bounded group loss constrains each group's loss, and "
          + loaded.spec().data().source() + " has no group ids (generators with groups: minority-mixture,"
          + " rotated-digits, patched-digits, spurious-groups)");
    }
    if (s.has("groups")) {
      try {
        BoundedGroupLoss.requireGroupsPresent(StrategyFactory.ints(s, "groups"), clients.clients());
      } catch (IllegalArgumentException e) {
        throw loaded.error(at + "groups", e.getMessage());
      }
    }
  }

  /**
   * How a distributed engine's executors and a deployed federation's sites build the client app:
   * the resolved spec as text, parsed where the app is needed, since a live app cannot be serialized.
   */
  public static final class SpecRecipe implements FederationEngine.ClientRecipe {
    private static final long serialVersionUID = 1L;
    private final String yaml;

    public SpecRecipe(ExperimentSpec spec) {
      this.yaml = org.probity.cli.spec.SpecWriter.write(spec);
    }

    private SpecRecipe(String yaml) {
      this.yaml = yaml;
    }

    /** The recipe of a resolved spec received as text (a deployed site gets it from the server). */
    public static SpecRecipe of(String yaml) {
      return new SpecRecipe(yaml);
    }

    /** The resolved spec, as sent to executors and sites. */
    public String yaml() {
      return yaml;
    }

    @Override
    public ClientApp create() {
      return clientApp(Catalog.reader().read("the run's spec", yaml, List.of()).spec());
    }
  }

  /** {@link #prepare} then {@link #run(Prepared, RunStore)}. */
  public Outcome run(LoadedSpec loaded, RunStore store) throws IOException {
    return run(prepare(loaded), store);
  }

  /** Runs a prepared federated experiment into a new run folder under {@code store}. */
  public Outcome run(Prepared p, RunStore store) throws IOException {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < p.strategies.size(); i++) {
      all.add(i);
    }
    return run(p, store, all, null);
  }

  /**
   * Runs a strategy's rounds outside this process's simulation: on a deployed federation, whose
   * server runs the same round loop with the sites' calls carried over the network (probity-deploy).
   */
  @FunctionalInterface
  public interface RemoteRounds {
    FederationResult run(Strategy strategy, Params initial, int rounds, RoundListener listener) throws Exception;
  }

  /**
   * Runs strategy {@code index} of a prepared experiment through {@code remote} into a new run folder:
   * the same folder, metrics, summary and report as a simulated run, so a deployed run reads like a
   * simulated one. The strategy must be deployable ({@link #checkDeployable}).
   */
  public Outcome runDeployed(Prepared p, RunStore store, int index, RemoteRounds remote) throws IOException {
    return run(p, store, List.of(index), remote);
  }

  /**
   * Why strategy {@code index} cannot run on a deployed federation, or null when it can: it must
   * keep no unsaved server state (a restarted server resumes it exactly) and need no warm-up runs.
   */
  public static String checkDeployable(Prepared p, int index) {
    StrategySection s = p.loaded.spec().federated().strategies().get(index);
    if (s.kind().equals("ifca") || s.kind().equals("maxfl")) {
      return s.kind() + " needs warm-up runs before its rounds, which a deployed federation does not run yet";
    }
    Strategy strategy = p.strategies.get(index);
    if (!strategy.resumable()) {
      return strategy.name() + " keeps server state that is not checkpointed yet (a restarted server could not"
          + " resume it exactly); deployable kinds: fedavg, fedprox, fedmedian, local, finetune, ditto, mrmtl, qffl,"
          + " tilted";
    }
    return null;
  }

  private Outcome run(Prepared p, RunStore store, List<Integer> indices, RemoteRounds remote) throws IOException {
    ExperimentSpec spec = p.loaded.spec();
    FederatedSection f = spec.federated();
    List<StrategyResult> done = new ArrayList<>();
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> privacy = new LinkedHashMap<>();
    List<PrivacyOutcome> guarantees = new ArrayList<>();
    try (RunSession session = RunSession.create(store, spec, clock.instant(), System.nanoTime());
        InProcessBackend backend = new InProcessBackend(f.threads(), 0, faults(f.faults()));
        FederationEngine.Session engine = f.backend().spark() && remote == null ? openSpark(p) : null) {
      RunFolder run = session.run();
      try {
        Provenance provenance = session.writeSpecAndProvenance(p.clients.roles(), privacyProvenance(p));
        run.write(RunFolder.MEMBERSHIP, Json.pretty(Membership.of(p.clients)));
        for (int i : indices) {
          StrategySection s = f.strategies().get(i);
          StrategyResult r;
          try {
            r = runOne(p, s, p.strategies.get(i), backend, session.metrics(), remote != null ? remote
                : engine == null ? null : (strategy, initial, rounds, listener) -> engine.run(strategy, initial, rounds,
                    f.evaluateEvery(), central(p), listener));
          } catch (RuntimeException e) {
            throw new VariantFailure("strategy " + s.name(), e);
          }
          if (p.strategies.get(i).hasGlobalModel()) {
            Checkpoints.save(run.checkpoint(s.name()), r.result().global(), f.rounds(), provenance,
                Map.of("variant", s.name(), "strategy", s.kind(), "model", spec.model().describe()));
            r = new StrategyResult(r.spec(), r.strategy(), r.result(), r.seconds(), r.warmBytesDown(), r.warmBytesUp(), r.chosen(),
                RunFolder.checkpointEntry(s.name()));
          }
          done.add(r);
          if (p.privacy != null) {
            privacy.put(s.name(), p.privacy.summary(p.strategies.get(i)));
            guarantees.add(p.privacy.outcome(s.name(), p.strategies.get(i)));
          }
          session.metrics().flush();
        }
        session.complete(FederatedSummary.summary(session, spec, p.clients, "complete", done, privacy));
      } catch (RuntimeException | IOException e) {
        String msg = e instanceof VariantFailure vf ? vf.describe() : RunSession.message(e);
        throw session.fail(FederatedSummary.summary(session, spec, p.clients, "failed", done, privacy), msg,
            e instanceof VariantFailure ? e.getCause() : e);
      }
      session.finish();
      return new Outcome(run, outcomes(f, done), session.seconds(), guarantees);
    }
  }

  /**
   * One strategy from the shared initial model, with IFCA's warm-up or MaxFL's local models first;
   * one progress task, and
   * the main run's rounds streamed to metrics.jsonl as they end.
   */
  private StrategyResult runOne(Prepared p, StrategySection s, Strategy strategy, ExecutionBackend backend,
      MetricsLog metrics, RemoteRounds remote) {
    FederatedSection f = p.loaded.spec().federated();
    long t0 = System.nanoTime();
    int warm = s.kind().equals("ifca") ? s.integer("warm_rounds") : s.kind().equals("maxfl") ? s.integer("local_rounds")
        : 0;
    int k = s.kind().equals("ifca") ? s.integer("clusters") : s.kind().equals("maxfl") ? 1 : 0;
    try (Progress.Task task = progress.start("federate " + s.name(), f.rounds() + (long) warm * k, "rounds")) {
      Params initial = p.initial;
      long warmDown = 0;
      long warmUp = 0;
      // A private silo keeps one budget for the whole strategy: IFCA's warm-up runs and its main run
      // share the clients' state, and the warm-ups train privately under the same plan.
      ClientStateStore store = new InMemoryStateStore();
      if (s.kind().equals("ifca")) {
        List<Params> models = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          // Model 0 is the shared initialisation; the others need their own, or the k models never part.
          Params start = j == 0 ? p.initial : Models.build(p.loaded.spec().model(), p.clients.data(),
              p.modelRng.derive("ifca").derive(j)).params();
          if (warm > 0) {
            long offset = (long) j * warm;
            Strategy warmStrategy = new FedAvg(StrategyFactory.sampler(f.clientsPerRound()));
            if (strategy instanceof SiloPrivacy sp) {
              warmStrategy = new SiloPrivacy(warmStrategy, sp.settings(), sp.plan());
            }
            FederationResult w = federation(p, backend, new Rng(p.federationSeed).derive("ifca-warm").derive(j)
                .nextLong(), store).run(warmStrategy, start, warm, (rec, ms) -> task.stepTo(offset + rec.round()));
            start = w.global();
            warmDown += w.totalBytesDown();
            warmUp += w.totalBytesUp();
          }
          models.add(start);
        }
        initial = Ifca.stack(models);
      }
      if (s.kind().equals("maxfl")) {
        // MaxFL's thresholds ρ_k are the losses of the clients' own models: Local trains them into
        // the store first, where MaxFlClient reads them (Cho et al. 2022's recipe).
        federation(p, backend, new Rng(p.federationSeed).derive("maxfl-local").nextLong(), store)
            .withEvaluateEvery(warm).run(new Local(), p.initial, warm, (rec, ms) -> task.stepTo(rec.round()));
      }
      long offset = (long) warm * k;
      RoundListener listener = (rec, ms) -> {
        com.fasterxml.jackson.databind.node.ObjectNode line = FederatedSummary.roundLine(s.name(), rec, ms);
        if (strategy instanceof PrivateStrategy ps) {
          Json.put(line, "epsilon", ps.epsilon());
        }
        if (metrics != null) {
          metrics.append(line);
        }
        task.stepTo(offset + rec.round());
      };
      FederationResult result;
      if (remote == null) {
        result = federation(p, backend, p.federationSeed, store).run(strategy, initial, f.rounds(), listener);
      } else {
        try {
          result = remote.run(strategy, initial, f.rounds(), listener);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("deployed federation: " + e.getMessage(), e);
        }
      }
      Double acc = result.lastRound().metrics().get("client_mean_accuracy");
      if (acc != null) {
        task.message(String.format(Locale.ROOT, "client-mean test accuracy %.4f", acc));
      }
      Map<String, Double> chosen = new LinkedHashMap<>();
      if (PrivateStrategy.base(strategy) instanceof FineTune ft) {
        chosen.put("finetune_epochs", (double) ft.chosenEpochs());
      }
      return new StrategyResult(s, strategy, result, (System.nanoTime() - t0) / 1e9, warmDown, warmUp, chosen, null);
    }
  }

  /**
   * Runs strategy {@code index} of {@code p}'s spec again on {@code clients}, from {@code root}'s
   * streams (initial model, federation seed), in process and writing nothing: how an audit retrains
   * the federation on other rows along the very path the run took. A private spec re-plans its
   * privacy over these clients (σ calibrated to the same target). With the run's clients and root
   * seed it returns the run's global model.
   */
  static FederationResult rerun(Prepared p, int index, Map<Integer, ClientData> clients, Rng root) {
    Prepared q = prepare(p.loaded, new FederatedExperimentData(p.clients.data(), clients, p.clients.centralTest(),
        List.of()), root);
    FederatedSection f = q.loaded.spec().federated();
    try (InProcessBackend backend = new InProcessBackend(f.threads(), 0, faults(f.faults()))) {
      return new FederatedRunner(Progress.none(), Clock.systemUTC())
          .runOne(q, f.strategies().get(index), q.strategies.get(index), backend, null, null).result();
    }
  }

  /** A session of the spark engine over the prepared clients. */
  private static FederationEngine.Session openSpark(Prepared p) {
    FederatedSection f = p.loaded.spec().federated();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("master", f.backend().master());
    if (f.backend().partitions() != null) {
      options.put("partitions", Integer.toString(f.backend().partitions()));
    }
    return FederationEngine.find("spark").open(options, p.clients.clients(), new SpecRecipe(p.loaded.spec()),
        p.federationSeed);
  }

  /** The server's evaluator of global models on its held-out set, or null without one. */
  private static CentralEvaluator central(Prepared p) {
    return p.clients.centralTest() == null ? null
        : new SupervisedCentralEvaluator(p.loaded.spec().model(), p.clients.centralTest());
  }

  /** A federation over the prepared clients keeping their state in {@code store}. */
  private static Federation federation(Prepared p, ExecutionBackend backend, long seed, ClientStateStore store) {
    FederatedSection f = p.loaded.spec().federated();
    Federation fed = new Federation(p.clients.clients(), p.app, backend, store, seed)
        .withEvaluateEvery(f.evaluateEvery());
    CentralEvaluator central = central(p);
    if (central != null) {
      fed = fed.withCentralEvaluator(central);
    }
    return fed;
  }

  /** provenance.json's "privacy": each strategy's accountant parameters, by name (empty without privacy). */
  private static Map<String, Object> privacyProvenance(Prepared p) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (p.privacy != null) {
      FederatedSection f = p.loaded.spec().federated();
      for (int i = 0; i < f.strategies().size(); i++) {
        out.put(f.strategies().get(i).name(), p.privacy.provenance(p.strategies.get(i)));
      }
    }
    return out;
  }

  private static Faults faults(FaultsSection s) {
    if (s == null) {
      return Faults.NONE;
    }
    return new Faults(s.dropout(), s.meanLatencyMs(), s.deadlineMs() == null ? Double.POSITIVE_INFINITY
        : s.deadlineMs());
  }

  private static List<StrategyOutcome> outcomes(FederatedSection f, List<StrategyResult> done) {
    StrategyResult fedavg = FederatedSummary.baseline(f, done, "fedavg");
    StrategyResult local = FederatedSummary.baseline(f, done, "local");
    List<StrategyOutcome> out = new ArrayList<>();
    for (StrategyResult r : done) {
      Appeal appeal = r.appealVs(local);
      BoundedGroupLoss.Feasibility feasibility = r.feasibility();
      out.add(new StrategyOutcome(r.spec().name(), r.spec().kind(), r.distribution(), r.hurtVs(fedavg),
          r.hurtVs(local), appeal == null ? null : appeal.fraction(), r.last(Metrics.WORST_GROUP_ACCURACY),
          r.bytesUp(), r.bytesDown(), r.seconds(), feasibility == null ? null : feasibility.message(),
          r.validationDistribution()));
    }
    return out;
  }
}
