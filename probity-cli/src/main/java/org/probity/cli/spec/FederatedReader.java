package org.probity.cli.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;
import org.probity.core.naming.Suggest;

/**
 * Reads the {@code federated:} section of a spec into a {@link FederatedSection}, every default
 * filled in. Part of {@link SpecReader}, apart because the section is large: partition kinds and
 * strategy kinds each take their own keys, and a key that belongs to another kind is reported as
 * such, with the keys this kind takes.
 */
final class FederatedReader {
  private FederatedReader() {}

  /** The section; {@code clientLr} is the clients' learning rate (q-FFL's default L = 1/lr). */
  static FederatedSection read(Section s, double clientLr) {
    PartitionSection partition = partition(s.section("partition"));
    FederatedSection.Split split = split(s.section("split"));
    double centralTest = s.number("central_test", 0.0, Check.FRACTION);
    int rounds = s.integer("rounds", 30, 1);
    int localEpochs = s.integer("local_epochs", 1, 1);
    int batchSize = s.integer("batch_size", 10, 1);
    ClientsPerRound cohort = clientsPerRound(s);
    int evaluateEvery = s.integer("evaluate_every", 1, 1);
    int threads = s.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
    FaultsSection faults = s.has("faults") ? faults(s.section("faults")) : null;
    List<Section> items = s.sections("strategies");
    if (items.isEmpty()) {
      throw new SpecException(s.where("strategies"), s.pathOf("strategies") + ": required: the strategies to compare,"
          + " e.g. strategies: [{name: fedavg, kind: fedavg}, {name: local, kind: local}] (kinds: "
          + String.join(", ", StrategyKinds.names()) + ")");
    }
    StrategyKinds.Context context = new StrategyKinds.Context(clientLr, rounds);
    List<StrategySection> strategies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Section item : items) {
      StrategySection st = strategy(item, context);
      if (!names.add(st.name())) {
        throw item.error("name", "duplicate strategy name '" + st.name() + "'"
            + (item.has("name") ? "" : " (the kind is the default name)") + "; give each strategy its own name");
      }
      strategies.add(st);
    }
    FederatedPrivacy privacy = s.has("privacy") ? privacy(s.section("privacy")) : null;
    BackendSection backend = s.has("backend") ? backend(s.section("backend")) : BackendSection.IN_PROCESS;
    s.done();
    return new FederatedSection(partition, split, centralTest, rounds, localEpochs, batchSize, cohort, evaluateEvery,
        threads, faults, strategies, privacy, backend);
  }

  /** {@code backend: {kind: inprocess|spark, master: local[*], partitions: N}}. */
  private static BackendSection backend(Section s) {
    String kind = s.choice("kind", "inprocess", BackendSection.KINDS, "backend kind");
    if (!kind.equals("spark")) {
      for (String k : new String[] {"master", "partitions"}) {
        if (s.has(k)) {
          throw s.error(k, "only used by backend kind spark (this backend is " + kind + ")");
        }
      }
      s.done();
      return BackendSection.IN_PROCESS;
    }
    String master = s.string("master", "local[*]");
    if (master.isBlank()) {
      throw s.error("master", "expected a Spark master URL such as local[*], local[2] or spark://host:7077");
    }
    Integer partitions = s.has("partitions") ? s.integer("partitions", 1, 1) : null;
    s.done();
    return new BackendSection(kind, master, partitions);
  }

  private static final Check NOISE = new Check("a noise multiplier σ > 0 (σ = 0 would give no guarantee; remove"
      + " federated.privacy to train without privacy)", x -> x > 0);
  private static final Check TARGET = new Check("a target ε > 0", x -> x > 0);
  private static final Check DELTA = new Check("a δ strictly between 0 and 1 (e.g. 1e-5)", x -> x > 0 && x < 1);

  /**
   * {@code federated.privacy}: the level, exactly one of noise and epsilon, δ (default 1e-5) and the
   * clip bound, and for the sample level the batching and the private-choice ε.
   */
  private static FederatedPrivacy privacy(Section s) {
    if (!s.has("level")) {
      throw new SpecException(s.loc(), s.pathOf("level") + ": required: sample (DP-SGD in every client, for each"
          + " example) or client (DP-FedAvg, for each client's whole data)");
    }
    String level = s.choice("level", null, FederatedPrivacy.LEVELS, "privacy level");
    if (!s.has("clip")) {
      throw new SpecException(s.loc(), s.pathOf("clip") + ": required: the L2 bound, of each example's gradient"
          + " (level sample, e.g. clip: 1.0) or of each client's update (level client)");
    }
    double clip = s.number("clip", null, Check.POSITIVE);
    Double noise = s.number("noise", null, NOISE);
    Double epsilon = s.number("epsilon", null, TARGET);
    if (noise != null && epsilon != null) {
      throw s.error("epsilon", "give either " + s.pathOf("noise") + " (σ) or " + s.pathOf("epsilon")
          + " (a target ε; σ is then calibrated over the run), not both");
    }
    if (noise == null && epsilon == null) {
      throw new SpecException(s.loc(), s.pathOf("epsilon") + ": required: a target ε (e.g. epsilon: 1), or instead"
          + " the noise multiplier " + s.pathOf("noise"));
    }
    double delta = s.number("delta", PrivacySection.DEFAULT_DELTA, DELTA);
    boolean sample = level.equals("sample");
    String batching = null;
    Double selection = null;
    if (sample) {
      batching = s.choice("batching", "poisson", FederatedPrivacy.BATCHINGS, "batching");
      selection = s.number("selection_epsilon", null, TARGET);
    } else {
      for (String key : List.of("batching", "selection_epsilon")) {
        if (s.present(key)) {
          throw new SpecException(s.keyWhere(key), s.pathOf(key) + ": not used by privacy level client (it takes:"
              + " level, clip, noise or epsilon, delta)");
        }
      }
    }
    s.done();
    return new FederatedPrivacy(level, noise, epsilon, delta, clip, batching, selection);
  }

  private static PartitionSection partition(Section s) {
    String kind = s.choice("kind", "natural", PartitionSection.KINDS, "partition kind");
    boolean natural = kind.equals("natural");
    // 10 clients: enough for a distribution of per-client accuracies, small enough for a laptop.
    Integer clients = natural ? null : s.integer("clients", 10, 1);
    Double alpha = kind.equals("dirichlet") ? s.number("alpha", 0.5, Check.POSITIVE) : null;
    Double beta = kind.equals("quantity") ? s.number("beta", 1.0, Check.POSITIVE) : null;
    Integer shards = kind.equals("shards") ? s.integer("shards_per_client", 2, 1) : null;
    List<String> mine = new ArrayList<>(List.of("kind"));
    if (!natural) {
      mine.add("clients");
    }
    switch (kind) {
      case "dirichlet" -> mine.add("alpha");
      case "quantity" -> mine.add("beta");
      case "shards" -> mine.add("shards_per_client");
      default -> { }
    }
    onlyKeys(s, mine, List.of("kind", "clients", "alpha", "beta", "shards_per_client"), "partition kind " + kind,
        natural ? " (natural keeps the data's own clients)" : "");
    return new PartitionSection(kind, clients, alpha, beta, shards);
  }

  private static FederatedSection.Split split(Section s) {
    double validation = s.number("validation", 0.15, Check.FRACTION);
    double test = s.number("test", 0.15, Check.OPEN_FRACTION);
    if (validation + test >= 1) {
      throw s.error("test", "validation " + Section.plain(validation) + " plus test " + Section.plain(test)
          + " leaves no training data; expected a sum below 1 (Motley: 0.15 and 0.15)");
    }
    s.done();
    return new FederatedSection.Split(validation, test);
  }

  private static ClientsPerRound clientsPerRound(Section s) {
    String key = "clients_per_round";
    YamlNode n = s.raw(key);
    String expected = "expected all, a number of clients (e.g. 10), {fraction: 0.1} or {poisson: 0.1}";
    if (n == null) {
      return ClientsPerRound.ALL;
    }
    if (n instanceof Scalar sc) {
      if (sc.isString() && sc.text().equals("all")) {
        return ClientsPerRound.ALL;
      }
      if (sc.isInteger() && sc.number() >= 1 && sc.number() <= Integer.MAX_VALUE) {
        return ClientsPerRound.count((int) sc.number());
      }
      throw s.error(key, expected + ", got " + sc.describe());
    }
    if (!(n instanceof MapNode)) {
      throw s.error(key, expected + ", got " + n.describe());
    }
    Section m = s.section(key);
    Check rate = new Check("a number in (0, 1]", x -> x > 0 && x <= 1);
    Double fraction = m.number("fraction", null, rate);
    Double poisson = m.number("poisson", null, rate);
    m.done();
    if ((fraction == null) == (poisson == null)) {
      throw s.error(key, expected + " (exactly one of fraction and poisson)");
    }
    return fraction != null ? new ClientsPerRound("fraction", 0, fraction) : new ClientsPerRound("poisson", 0, poisson);
  }

  private static FaultsSection faults(Section s) {
    double dropout = s.number("dropout", 0.0, Check.FRACTION);
    double latency = s.number("mean_latency_ms", 0.0, Check.NON_NEGATIVE);
    Double deadline = null;
    YamlNode d = s.raw("deadline_ms");
    if (d != null && !(d instanceof Scalar sc && sc.isString() && sc.text().equals("none"))) {
      if (!(d instanceof Scalar sc2) || !sc2.isNumber()) {
        throw s.error("deadline_ms", "expected a positive number of milliseconds or none, got " + d.describe());
      }
      deadline = s.number("deadline_ms", null, Check.POSITIVE);
    }
    s.done();
    return new FaultsSection(dropout, latency, deadline);
  }

  private static StrategySection strategy(Section s, StrategyKinds.Context context) {
    if (!s.has("kind")) {
      throw new SpecException(s.loc(), s.pathOf("kind") + ": required: the strategy's kind (one of "
          + String.join(", ", StrategyKinds.names()) + ")");
    }
    String kindName = s.choice("kind", null, StrategyKinds.names(), "strategy kind");
    StrategyKinds.Kind kind = StrategyKinds.get(kindName);
    String name = s.string("name", kindName);
    SpecReader.checkName(s, "name", name);
    onlyKeys(s, kind.keys(), StrategyKinds.allKeys(), "kind " + kindName, "");
    Map<String, Object> settings = new LinkedHashMap<>();
    for (StrategyKinds.Setting set : kind.settings()) {
      if (set.required() && !s.has(set.key())) {
        throw new SpecException(s.loc(), s.pathOf(set.key()) + ": required by kind " + kindName + ": " + set.meaning());
      }
      Object def = set.def() == null ? null : set.def().apply(context);
      Object v = switch (set.type()) {
        case NUMBER -> s.number(set.key(), (Double) def, set.check());
        case INTEGER -> s.integer(set.key(), (Integer) def, set.min());
        case FLAG -> s.flag(set.key(), (Boolean) def);
        case INT_LIST -> {
          @SuppressWarnings("unchecked")
          List<Integer> d = (List<Integer>) def;
          List<Integer> list = s.intList(set.key(), d, set.min());
          if (list != null && list.isEmpty()) {
            throw s.error(set.key(), "expected at least one value, got an empty list");
          }
          yield list;
        }
        case PAIR -> {
          @SuppressWarnings("unchecked")
          List<Double> d = (List<Double>) def;
          yield s.numberList(set.key(), d, 2, set.check());
        }
      };
      if (v != null) {
        settings.put(set.key(), v);
      }
    }
    s.done();
    return new StrategySection(name, kindName, settings);
  }

  /**
   * Fails on the first key of {@code s} that is not in {@code mine}: one that {@code any} other kind
   * takes is "not used by" this kind; any other is unknown, with the closest valid key. Both list
   * the keys this kind takes.
   */
  private static void onlyKeys(Section s, List<String> mine, List<String> any, String what, String note) {
    for (String key : s.keys()) {
      if (mine.contains(key)) {
        continue;
      }
      String valid = " (" + what + " takes: " + String.join(", ", mine) + ")" + note;
      if (any.contains(key)) {
        throw new SpecException(s.keyWhere(key), s.pathOf(key) + ": not used by " + what + valid);
      }
      throw new SpecException(s.keyWhere(key), "unknown key '" + s.pathOf(key) + "'"
          + Suggest.didYouMean(key, mine) + valid);
    }
    s.known(mine.toArray(new String[0]));
  }
}
