package org.probity.federated;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The fixed round loop of federated learning (Flower's {@code ServerApp} default loop): for each
 * round, the strategy configures fit, the backend runs the chosen clients, replies with non-finite
 * values are rejected and counted, the strategy aggregates what arrived, and the clients evaluate
 * the new global model (every round, or every n-th and the last with {@link #withEvaluateEvery}),
 * optionally also on the server's own held-out data ({@link #withCentralEvaluator}). All randomness comes from the root seed by name, round and client id, so a
 * run repeats bit for bit whatever the backend's thread count. A round in which no usable reply
 * arrives is retried once and then fails with a {@link FederationException} naming the round.
 * Each round also records the float32 bytes it sent and received and its wall-clock time, the
 * communication and cost side of the comparison between strategies.
 */
public final class Federation {
  private static final System.Logger LOG = System.getLogger(Federation.class.getName());
  private static final int ATTEMPTS = 2;

  private final Map<Integer, ClientData> clients;
  private final int[] pool;
  private final ClientApp app;
  private final ExecutionBackend backend;
  private final ClientStateStore store;
  private final Rng root;
  private final CentralEvaluator centralEvaluator;
  private final int evaluateEvery;

  public Federation(Map<Integer, ClientData> clients, ClientApp app, ExecutionBackend backend, long seed) {
    this(clients, app, backend, new InMemoryStateStore(), seed);
  }

  public Federation(Map<Integer, ClientData> clients, ClientApp app, ExecutionBackend backend, ClientStateStore store,
      long seed) {
    this(checked(clients), app, backend, store, seed, true);
  }

  /**
   * A federation whose clients hold their own data elsewhere (a deployment): the server knows only
   * their ids, and {@code app} carries each call to the client, whose context here has no data
   * ({@link ClientContext#data()} is null) but the same random stream a simulated client gets.
   */
  public static Federation remote(Collection<Integer> clientIds, ClientApp app, ExecutionBackend backend,
      ClientStateStore store, long seed) {
    Map<Integer, ClientData> ids = new TreeMap<>();
    for (int id : clientIds) {
      ids.put(id, null);
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("federation: no clients");
    }
    return new Federation(ids, app, backend, store, seed, true);
  }

  private static Map<Integer, ClientData> checked(Map<Integer, ClientData> clients) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("federation: no clients");
    }
    for (Map.Entry<Integer, ClientData> e : clients.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("federation: client " + e.getKey() + " has no data (use Federation.remote"
            + " for clients that hold their own)");
      }
    }
    return clients;
  }

  private Federation(Map<Integer, ClientData> clients, ClientApp app, ExecutionBackend backend,
      ClientStateStore store, long seed, boolean checkedAlready) {
    this.clients = new TreeMap<>(clients);
    this.pool = this.clients.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.app = app;
    this.backend = backend;
    this.store = store;
    this.root = new Rng(seed);
    this.centralEvaluator = null;
    this.evaluateEvery = 1;
  }

  /** A copy of {@code base} with other evaluation settings; clients, backend, store and seed are shared. */
  private Federation(Federation base, CentralEvaluator centralEvaluator, int evaluateEvery) {
    this.clients = base.clients;
    this.pool = base.pool;
    this.app = base.app;
    this.backend = base.backend;
    this.store = base.store;
    this.root = base.root;
    this.centralEvaluator = centralEvaluator;
    this.evaluateEvery = evaluateEvery;
  }

  /**
   * A copy that also evaluates the global model on the server in every evaluated round (Flower's
   * {@code evaluate_fn}); null for none. Skipped for strategies without a global model
   * ({@link Strategy#hasGlobalModel()}). The copy shares this federation's state store.
   */
  public Federation withCentralEvaluator(CentralEvaluator evaluator) {
    return new Federation(this, evaluator, evaluateEvery);
  }

  /**
   * A copy that runs the federated and central evaluation only in rounds divisible by
   * {@code rounds} and always in the last round (default 1: every round), since evaluation can cost
   * as much as training when every client fine-tunes first. The copy shares this federation's state
   * store.
   */
  public Federation withEvaluateEvery(int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("federation: evaluateEvery must be >= 1, got " + rounds);
    }
    return new Federation(this, centralEvaluator, rounds);
  }

  public int evaluateEvery() {
    return evaluateEvery;
  }

  /** The server-side evaluator, or null when there is none. */
  public CentralEvaluator centralEvaluator() {
    return centralEvaluator;
  }

  public ClientStateStore store() {
    return store;
  }

  /** Runs {@code rounds} rounds of {@code strategy} from {@code initial} (which is not modified). */
  public FederationResult run(Strategy strategy, Params initial, int rounds) {
    return run(strategy, initial, rounds, RoundListener.NONE);
  }

  /** As {@link #run(Strategy, Params, int)}, telling {@code listener} about each round as it ends. */
  public FederationResult run(Strategy strategy, Params initial, int rounds, RoundListener listener) {
    if (rounds < 1) {
      throw new IllegalArgumentException("federation: rounds must be >= 1, got " + rounds);
    }
    strategy.checkPool(pool);
    Params global = ParamMath.copy(initial);
    strategy.initialize(global);
    return rounds(strategy, global, 1, rounds, listener);
  }

  /**
   * Continues a run whose rounds up to {@code completed} ended with {@code global}: rounds
   * {@code completed + 1 .. rounds} run exactly as in an uninterrupted {@link #run}, since every
   * round draws only from streams named by its number. The caller restores the strategy first
   * ({@link Strategy#initialize} with {@code global}, then {@link Strategy#restoreState}); the
   * result holds the resumed rounds only.
   */
  public FederationResult resume(Strategy strategy, Params global, int completed, int rounds, RoundListener listener) {
    if (!strategy.resumable()) {
      throw new IllegalArgumentException("federation: " + strategy.name() + " cannot be resumed (its server state"
          + " is not checkpointed)");
    }
    if (completed < 0 || completed >= rounds) {
      throw new IllegalArgumentException("federation: cannot resume after round " + completed + " of " + rounds);
    }
    strategy.checkPool(pool);
    return rounds(strategy, ParamMath.copy(global), completed + 1, rounds, listener);
  }

  private FederationResult rounds(Strategy strategy, Params global, int first, int rounds, RoundListener listener) {
    List<RoundRecord> records = new ArrayList<>();
    List<Double> roundMillis = new ArrayList<>();
    Map<Integer, EvaluateReply> last = Map.of();
    for (int round = first; round <= rounds; round++) {
      long start = System.nanoTime();
      Rng roundRng = root.derive("round").derive(round);
      List<FitInstruction> work = new ArrayList<>(strategy.configureFit(round, global, pool, roundRng.derive("fit")));
      work.sort(Comparator.comparingInt(FitInstruction::clientId));
      int dropped = 0;
      int stragglers = 0;
      int timedOut = 0;
      int failed = 0;
      int rejected = 0;
      int attempts = 0;
      long bytesDown = 0;
      long bytesUp = 0;
      List<FitReply> accepted = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      while (!work.isEmpty() && accepted.isEmpty() && attempts < ATTEMPTS) {
        attempts++;
        bytesDown += strategy.communicates() ? floatBytes(work.stream().mapToLong(in -> in.global().count()).sum()) : 0;
        RoundOutcome<FitReply> out = backend.execute(round, fitTasks(work, attempts), roundRng.derive("faults")
            .derive(attempts));
        dropped += out.dropped();
        stragglers += out.stragglers();
        timedOut += out.timedOut();
        failed += out.failed();
        errors.addAll(out.errors());
        for (FitReply r : out.replies()) {
          bytesUp += strategy.communicates() ? floatBytes(r.params().count()) : 0;
          if (ParamMath.allFinite(r.params())) {
            accepted.add(r);
          } else {
            rejected++;
            String msg = "round " + round + ": rejected the reply of client " + r.clientId() + " (NaN or Inf values)";
            errors.add(msg);
            LOG.log(System.Logger.Level.WARNING, msg);
          }
        }
      }
      if (!work.isEmpty() && accepted.isEmpty()) {
        throw new FederationException(round, "round " + round + ": all " + work.size() + " sampled clients failed in "
            + attempts + " attempts (dropped " + dropped + ", stragglers " + stragglers + ", timed out " + timedOut
            + ", exceptions " + failed + ", rejected " + rejected + ")" + (errors.isEmpty() ? "" : "; first: "
            + errors.get(0)));
      }
      if (!accepted.isEmpty()) {
        accepted.sort(Comparator.comparingInt(FitReply::clientId));
        global = strategy.aggregateFit(round, global, accepted);
      } else if (work.isEmpty()) {
        global = strategy.aggregateEmptyRound(round, global);
      }
      Map<String, Double> metrics = Map.of();
      Map<String, Double> central = Map.of();
      long evaluateBytesDown = 0;
      if (round % evaluateEvery == 0 || round == rounds) {
        List<EvaluateInstruction> evalWork = new ArrayList<>(strategy.configureEvaluate(round, global, pool,
            roundRng.derive("evaluate")));
        evalWork.sort(Comparator.comparingInt(EvaluateInstruction::clientId));
        evaluateBytesDown = strategy.communicates()
            ? floatBytes(evalWork.stream().mapToLong(in -> in.global().count()).sum()) : 0;
        RoundOutcome<EvaluateReply> ev = backend.execute(round, evaluateTasks(evalWork),
            roundRng.derive("evaluate-faults"));
        if (ev.replies().isEmpty() && ev.failed() > 0) {
          // Every client that ran threw: a setting no client can honour, not bad luck; going on would
          // only leave every later round silently unevaluated.
          throw new FederationException(round, "round " + round + ": evaluation failed on every client that ran ("
              + ev.failed() + " exceptions, " + ev.timedOut() + " timed out); first: " + ev.errors().get(0));
        }
        List<EvaluateReply> replies = new ArrayList<>(ev.replies());
        replies.sort(Comparator.comparingInt(EvaluateReply::clientId));
        List<EvaluateReply> selected = strategy.selectEvaluations(round, List.copyOf(replies));
        Map<Integer, EvaluateReply> byClient = new TreeMap<>();
        for (EvaluateReply r : selected) {
          byClient.put(r.clientId(), r);
        }
        last = byClient;
        metrics = strategy.aggregateEvaluate(round, selected);
        if (centralEvaluator != null && strategy.hasGlobalModel()) {
          central = centralEvaluator.evaluate(round, global);
        }
      }
      RoundRecord record = new RoundRecord(round, work.size(), accepted.size(), dropped, stragglers, timedOut, failed,
          rejected, attempts, metrics, bytesDown, bytesUp, evaluateBytesDown, central);
      double millis = (System.nanoTime() - start) / 1e6;
      records.add(record);
      roundMillis.add(millis);
      listener.onRound(record, millis, global);
    }
    return new FederationResult(strategy.name(), global, records, last, roundMillis);
  }

  /** Bytes on the wire for {@code count} parameters sent as float32 (no compression, no framing). */
  static long floatBytes(long count) {
    return 4L * count;
  }

  private List<ClientTask<FitReply>> fitTasks(List<FitInstruction> work, int attempt) {
    List<ClientTask<FitReply>> tasks = new ArrayList<>(work.size());
    for (FitInstruction in : work) {
      int id = in.clientId();
      tasks.add(new ClientTask<>(id, () -> {
        FitReply r = app.fit(in, context(id, in.round(), "fit", attempt));
        if (r.clientId() != id) {
          throw new IllegalStateException("client " + id + " replied as client " + r.clientId());
        }
        return r;
      }));
    }
    return tasks;
  }

  private List<ClientTask<EvaluateReply>> evaluateTasks(List<EvaluateInstruction> work) {
    List<ClientTask<EvaluateReply>> tasks = new ArrayList<>(work.size());
    for (EvaluateInstruction in : work) {
      int id = in.clientId();
      tasks.add(new ClientTask<>(id, () -> app.evaluate(in, context(id, in.round(), "evaluate", 1))));
    }
    return tasks;
  }

  private ClientContext context(int clientId, int round, String phase, int attempt) {
    if (!clients.containsKey(clientId)) {
      throw new IllegalArgumentException("federation: strategy chose client " + clientId + ", which is not in the"
          + " federation");
    }
    Rng rng = root.derive("client").derive(round).derive(clientId).derive(phase).derive(attempt);
    return new ClientContext(clientId, round, clients.get(clientId), rng, store);
  }
}
