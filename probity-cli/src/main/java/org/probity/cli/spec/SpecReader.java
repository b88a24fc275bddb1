package org.probity.cli.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.probity.cli.spec.DataSection.LabelNoise;
import org.probity.core.dro.BitrateDro;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.ModelSpecException;
import org.probity.core.optim.Optimizers;

/**
 * Reads a YAML experiment spec into an {@link ExperimentSpec}: parse with locations, apply the
 * {@code --set} overrides, then read each section through a {@link Section}, which rejects
 * unknown keys (with line, column and the closest valid key), wrong types and invalid values.
 * Every default lives here, so the resolved spec written into a run folder says exactly what ran.
 * Variants are merged over the top-level sections by {@link Merge}.
 */
public final class SpecReader {
  /** Names of runs, variants and checkpoints: safe as file names everywhere. */
  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** CVaR-DRO's worst-case mass: the notes' α = 0.2 (research notes §2). */
  static final double DEFAULT_CVAR_ALPHA = 0.2;
  /** Group DRO's exponentiated-gradient step: the notes' 0.01 (research notes §2). */
  static final double DEFAULT_GROUP_DRO_STEP = 0.01;
  /** BR-DRO's α = 0.2 and γ = 0.1 (the bpf-dro reproduction's claim), z-dim and adversary rate BitrateDro's own. */
  static final BitrateDro.Config DEFAULT_BITRATE = BitrateDro.Config.of(0.2, 0.1);
  static final int DEFAULT_Z_DIM = DEFAULT_BITRATE.zDim();
  static final double DEFAULT_ADVERSARY_LR = DEFAULT_BITRATE.adversaryLr();
  private static final Check UNIT_INTERVAL = new Check("a number in (0, 1]", x -> x > 0 && x <= 1);

  /** The top-level section that makes a spec a sweep, read by {@code probity sweep} only. */
  public static final String SWEEP_KEY = "sweep";

  private final Vocabulary vocab;

  public SpecReader(Vocabulary vocab) {
    this.vocab = vocab;
  }

  /**
   * The spec in {@code text}, read from {@code source} (used in messages and, without a
   * {@code name:} key, as the experiment's name), with the overrides applied.
   */
  public LoadedSpec read(String source, String text, List<String> sets) {
    YamlNode parsed = YamlTree.parse(source, text);
    if (parsed instanceof YamlNode.MapNode m && m.entries().containsKey(SWEEP_KEY)) {
      // A sweep spec is many runs; running its base alone would silently ignore the sweep.
      throw new SpecException(m.entries().get(SWEEP_KEY).keyLoc(), SWEEP_KEY + ": this spec describes a"
          + " hyper-parameter sweep: run it with 'probity sweep " + source + "'");
    }
    return read(source, parsed, sets);
  }

  /**
   * As {@link #read(String, String, List)} from an already parsed tree (which is not modified), for
   * {@code probity sweep}, which takes its {@code sweep:} section off before reading the rest.
   */
  public LoadedSpec read(String source, YamlNode parsed, List<String> sets) {
    Map<String, Loc> where = new HashMap<>();
    YamlNode tree = Overrides.apply(parsed, sets);
    Section root = Section.root(tree, where);

    String name = root.string("name", defaultName(source));
    checkName(root, "name", name);
    String description = root.has("description") ? root.string("description", null) : null;
    long seed = root.longValue("seed", 1L);
    // Peeked, not asked, so that "federated" comes last in the list of valid top-level keys.
    boolean federated = root.present("federated");
    DataSection data = data(root.section("data"), federated);

    YamlNode modelNode = root.raw("model");
    YamlNode objectiveNode = root.raw("objective");
    YamlNode optimizerNode = root.raw("optimizer");
    YamlNode trainNode = root.raw("train");
    // Asked only when written, so that the valid keys an error lists stay those of every spec.
    YamlNode privacyNode = root.present(PrivacyReader.KEY) ? root.raw(PrivacyReader.KEY) : null;
    ModelSpec model = model(Section.of("model", modelNode, root.loc(), where));
    ObjectiveSection objective = objective(Section.of("objective", objectiveNode, root.loc(), where));
    OptimizerSection optimizer = optimizer(Section.of("optimizer", optimizerNode, root.loc(), where));
    if (federated && privacyNode != null) {
      throw root.error(PrivacyReader.KEY, "not used with federated: set federated.privacy instead (sample-level"
          + " DP-SGD in each silo, or client-level DP-FedAvg)");
    }
    if (federated) {
      return federated(source, root, where, name, description, seed, data, model, objective, optimizer);
    }
    TrainSection train = train(Section.of("train", trainNode, root.loc(), where));

    List<Variant> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Section v : root.sections("variants")) {
      String vName = v.string("name", null);
      if (vName == null) {
        throw new SpecException(v.loc(), v.path() + ": every variant needs a name (e.g. name: erm)");
      }
      checkName(v, "name", vName);
      if (!names.add(vName)) {
        throw v.error("name", "duplicate variant name '" + vName + "'");
      }
      ObjectiveSection vObjective = objective(Section.of(v.pathOf("objective"),
          Merge.over(objectiveNode, v.raw("objective")), v.loc(), where));
      variants.add(new Variant(vName,
          model(Section.of(v.pathOf("model"), Merge.over(modelNode, v.raw("model")), v.loc(), where)),
          vObjective,
          optimizer(Section.of(v.pathOf("optimizer"), Merge.over(optimizerNode, v.raw("optimizer")), v.loc(), where)),
          train(Section.of(v.pathOf("train"), Merge.over(trainNode, v.raw("train")), v.loc(), where)),
          PrivacyReader.read(v.pathOf(PrivacyReader.KEY), PrivacyReader.merge(privacyNode, v.raw(PrivacyReader.KEY)),
              v.loc(), where, vObjective)));
      v.done();
    }
    root.known("federated");
    PrivacyReader.suggestFor(root);
    boolean explicit = !variants.isEmpty();
    if (!explicit) {
      variants.add(new Variant(objective.kind(), model, objective, optimizer, train,
          PrivacyReader.read(PrivacyReader.KEY, privacyNode, root.loc(), where, objective)));
    }
    root.done();
    return new LoadedSpec(new ExperimentSpec(name, description, seed, data, model, objective, optimizer, train,
        variants), where, source, explicit);
  }

  /**
   * The rest of a spec with {@code federated:}: no variants and no train section (the strategies
   * are the arms; rounds and local epochs are federated settings), ERM as the clients' objective,
   * and a constant learning rate, since the clients' optimiser starts afresh every round.
   */
  private static LoadedSpec federated(String source, Section root, Map<String, Loc> where, String name,
      String description, long seed, DataSection data, ModelSpec model, ObjectiveSection objective,
      OptimizerSection optimizer) {
    String why = "not used with federated: ";
    if (root.has("variants")) {
      throw root.error("variants", why + "the strategies under federated.strategies are the arms compared (give each"
          + " setting to compare its own strategy)");
    }
    if (root.has("train")) {
      throw root.error("train", why + "set federated.rounds, federated.local_epochs and federated.batch_size"
          + " instead");
    }
    if (!objective.kind().equals("erm")) {
      throw at(where, source, "objective.kind", "federated clients minimise their mean loss: expected erm, got '"
          + objective.kind() + "'");
    }
    ScheduleSection schedule = optimizer.schedule();
    if (!schedule.kind().equals("constant") || schedule.warmupSteps() > 0) {
      throw at(where, source, schedule.kind().equals("constant") ? "optimizer.schedule.warmup_steps"
          : "optimizer.schedule.kind", "the clients' optimizer starts afresh every round, so federated runs take a"
          + " constant learning rate (schedule kind constant, warmup_steps 0)");
    }
    FederatedSection fed = FederatedReader.read(root.section("federated"), optimizer.lr());
    root.done();
    ExperimentSpec spec = new ExperimentSpec(name, description, seed, data, model, ObjectiveSection.ERM, optimizer,
        null, List.of(), fed);
    return new LoadedSpec(spec, where, source, false);
  }

  private static SpecException at(Map<String, Loc> where, String source, String path, String message) {
    Loc loc = where.get(path);
    return new SpecException(loc == null ? Loc.of(source) : loc, path + ": " + message);
  }

  private DataSection data(Section s, boolean federated) {
    String source = s.choice("source", "digits", vocab.sources(), "dataset");
    if (federated && s.has("test_fraction")) {
      throw s.error("test_fraction", "not used with federated: every client's test split is federated.split.test,"
          + " and the server's held-out share is federated.central_test");
    }
    if (federated && s.has("validation_fraction")) {
      throw s.error("validation_fraction", "not used with federated: every client's validation split is"
          + " federated.split.validation");
    }
    if (federated && s.has("label_noise")) {
      throw s.error("label_noise", "not used with federated: (clients' data are split by federated.split; label"
          + " noise is not simulated in federated runs)");
    }
    // Federated runs hold no split of their own: 0 marks that every client splits its own rows.
    double testFraction = federated ? 0 : s.number("test_fraction", 0.25, Check.OPEN_FRACTION);
    // A share of the training part (as scikit-learn's validation_fraction), so it applies alike to
    // a generator's own train/test split.
    double validationFraction = federated ? 0 : s.number("validation_fraction", 0.0, Check.FRACTION);
    // Federated: off by default, since each client may only standardise with its own statistics.
    boolean standardize = s.flag("standardize", !federated);
    LabelNoise noise = null;
    if (s.has("label_noise")) {
      Section n = s.section("label_noise");
      String kind = n.choice("kind", "uniform", Vocabulary.NOISE, "label-noise kind");
      require(n, "rate", "the fraction of training labels to corrupt, e.g. rate: 0.3");
      double rate = n.number("rate", null, Check.FRACTION);
      n.done();
      noise = new LabelNoise(kind, rate);
    }
    Map<String, Object> options = options(s, source);
    s.done();
    return new DataSection(source, testFraction, validationFraction, standardize, noise, options);
  }

  /** A generator's options, checked against its defaults (which fix each option's type). */
  private Map<String, Object> options(Section data, String source) {
    Map<String, Object> defaults = vocab.generators().get(source);
    if (defaults == null) {
      if (data.has("options")) {
        throw data.error("options", "dataset " + source + " takes no options (only the generators "
            + String.join(", ", vocab.generators().keySet()) + " do)");
      }
      return Map.of();
    }
    Section o = data.section("options");
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : defaults.entrySet()) {
      String key = e.getKey();
      Object def = e.getValue();
      Object v;
      if (def instanceof Integer i) {
        v = o.integer(key, i, Integer.MIN_VALUE);
      } else if (def instanceof Long l) {
        v = o.longValue(key, l);
      } else if (def instanceof Double d) {
        v = o.number(key, d, Check.ANY);
      } else if (def instanceof Boolean b) {
        v = o.flag(key, b);
      } else {
        v = o.string(key, String.valueOf(def));
      }
      out.put(key, v);
    }
    o.done();
    return out;
  }

  private ModelSpec model(Section s) {
    String type = s.choice("type", "softmax", vocab.models(), "model type");
    List<Integer> hidden = s.intList("hidden", null, 1);
    String activation = s.choice("activation", null, vocab.activations(), "activation");
    Double dropout = s.number("dropout", null, Check.FRACTION);
    List<Integer> channels = s.intList("channels", null, 1);
    Integer kernel = s.integer("kernel", null, 1);
    Integer side = s.integer("side", null, 1);
    s.done();
    try {
      return new ModelSpec(type, hidden, activation, dropout, channels, kernel, side);
    } catch (ModelSpecException e) {
      throw s.error(e.field().isEmpty() ? "type" : e.field(), e.getMessage());
    }
  }

  private ObjectiveSection objective(Section s) {
    String kind = s.choice("kind", "erm", Vocabulary.OBJECTIVES, "objective");
    Double t = s.number("t", null, Check.ANY);
    Double tau = s.number("tau", null, Check.ANY);
    boolean term = kind.equals("tilted") || kind.equals("group-tilted");
    String solver = s.choice("solver", term ? "minibatch" : null, Vocabulary.SOLVERS, "solver");
    boolean stochasticTilt = kind.equals("tilted") && "stochastic".equals(solver);
    // 0.2: the weight of the newest estimate in the authors' code (litian96/TERM, noisy_annotator).
    Double lambda = s.number("lambda", stochasticTilt ? 0.2 : null, UNIT_INTERVAL);
    String is = " (this objective is " + kind + ")";
    switch (kind) {
      case "tilted" -> {
        require(s, "t", "the tilt, e.g. t: -2 (t < 0 for robustness to outliers, t > 0 for fairness)");
        unused(s, "tau", "only used by kind group-tilted");
      }
      case "group-tilted" -> {
        require(s, "tau", "the tilt across groups, e.g. tau: 1");
        require(s, "t", "the tilt within groups, e.g. t: -2");
      }
      default -> {
        unused(s, "t", "only used by kinds tilted and group-tilted" + is);
        unused(s, "tau", "only used by kind group-tilted" + is);
        unused(s, "solver", "only used by kinds tilted and group-tilted" + is);
      }
    }
    if (!stochasticTilt) {
      unused(s, "lambda", "only used by kind tilted with solver stochastic");
    }
    // The DRO kinds' keys, each asked in this order whatever the kind, so error messages list them alike.
    boolean cvar = kind.equals("cvar-dro");
    boolean bitrate = kind.equals("bitrate-dro");
    Double alpha = null;
    if (cvar || bitrate) {
      alpha = s.number("alpha", cvar ? DEFAULT_CVAR_ALPHA : DEFAULT_BITRATE.alpha(), UNIT_INTERVAL);
    } else {
      unused(s, "alpha", "only used by kinds cvar-dro and bitrate-dro" + is);
    }
    Double step = null;
    if (kind.equals("group-dro")) {
      step = s.number("step", DEFAULT_GROUP_DRO_STEP, Check.NON_NEGATIVE);
    } else {
      unused(s, "step", "only used by kind group-dro" + is);
    }
    Double gamma = null;
    Integer zDim = null;
    Double adversaryLr = null;
    if (bitrate) {
      gamma = s.number("gamma", DEFAULT_BITRATE.gamma(), Check.NON_NEGATIVE);
      zDim = s.integer("z_dim", DEFAULT_Z_DIM, 1);
      adversaryLr = s.number("adversary_lr", DEFAULT_ADVERSARY_LR, Check.POSITIVE);
    } else {
      unused(s, "gamma", "only used by kind bitrate-dro" + is);
      unused(s, "z_dim", "only used by kind bitrate-dro" + is);
      unused(s, "adversary_lr", "only used by kind bitrate-dro" + is);
    }
    s.done();
    return new ObjectiveSection(kind, t, tau, solver, lambda, alpha, step, gamma, zDim, adversaryLr);
  }

  private OptimizerSection optimizer(Section s) {
    String name = s.choice("name", "sgd", Vocabulary.OPTIMIZERS, "optimizer");
    boolean adam = name.startsWith("adam");
    double defaultLr = switch (name) {
      case "adam", "adamw", "rmsprop" -> 0.001;
      case "adagrad" -> 0.01;
      default -> 0.1;
    };
    double lr = s.number("lr", defaultLr, Check.POSITIVE);
    boolean usesMomentum = name.equals("sgd") || name.equals("momentum") || name.equals("nesterov");
    Double momentum = s.number("momentum", usesMomentum ? (name.equals("sgd") ? 0.0 : 0.9) : null, Check.FRACTION);
    List<Double> betas = s.numberList("betas", adam ? List.of(0.9, 0.999) : null, 2, Check.FRACTION);
    boolean rms = name.equals("rmsprop");
    Double decay = s.number("decay", rms ? 0.9 : null, Check.FRACTION);
    boolean usesEps = adam || rms || name.equals("adagrad");
    Double eps = s.number("eps", usesEps ? (name.equals("adagrad") ? 1e-7 : 1e-8) : null, Check.POSITIVE);
    double weightDecay = s.number("weight_decay", name.equals("adamw") ? Optimizers.ADAMW_DEFAULT_WEIGHT_DECAY : 0.0,
        Check.NON_NEGATIVE);
    Double clipNorm = s.number("clip_norm", null, Check.POSITIVE);
    String is = " (this optimizer is " + name + ")";
    if (!usesMomentum) {
      unused(s, "momentum", "only used by sgd, momentum and nesterov" + is);
    }
    if (!adam) {
      unused(s, "betas", "only used by adam and adamw" + is);
    }
    if (!rms) {
      unused(s, "decay", "only used by rmsprop" + is);
    }
    if (!usesEps) {
      unused(s, "eps", "only used by adam, adamw, rmsprop and adagrad" + is);
    }
    ScheduleSection schedule = schedule(s.section("schedule"));
    s.done();
    return new OptimizerSection(name, lr, momentum, betas, decay, eps, weightDecay, clipNorm, schedule);
  }

  private ScheduleSection schedule(Section s) {
    String kind = s.choice("kind", "constant", Vocabulary.SCHEDULES, "schedule");
    int warmup = s.integer("warmup_steps", 0, 0);
    Integer stepSize = s.integer("step_size", null, 1);
    Double gamma = s.number("gamma", kind.equals("step") ? 0.1 : null, Check.OPEN_FRACTION);
    Double minLr = s.number("min_lr", kind.equals("cosine") ? 0.0 : null, Check.NON_NEGATIVE);
    if (kind.equals("step")) {
      require(s, "step_size", "the number of steps between decays, e.g. step_size: 100");
    } else {
      unused(s, "step_size", "only used by schedule kind step");
      unused(s, "gamma", "only used by schedule kind step");
    }
    if (!kind.equals("cosine")) {
      unused(s, "min_lr", "only used by schedule kind cosine");
    }
    s.done();
    return new ScheduleSection(kind, warmup, stepSize, gamma, minLr);
  }

  private TrainSection train(Section s) {
    Integer epochs = s.integer("epochs", null, 1);
    Integer steps = s.integer("steps", null, 1);
    if (epochs != null && steps != null) {
      throw s.error("steps", "give either train.epochs or train.steps, not both");
    }
    if (epochs == null && steps == null) {
      epochs = 10;
    }
    int batch = s.integer("batch_size", 32, 1);
    int evalEvery = s.integer("eval_every", 50, 1);
    int logEvery = s.integer("log_every", 10, 1);
    boolean checkpoint = s.flag("checkpoint", true);
    s.done();
    return new TrainSection(epochs, steps, batch, evalEvery, logEvery, checkpoint);
  }

  private static void require(Section s, String key, String what) {
    if (!s.has(key)) {
      throw new SpecException(s.loc(), s.pathOf(key) + ": required: " + what);
    }
  }

  private static void unused(Section s, String key, String why) {
    if (s.has(key)) {
      throw s.error(key, why);
    }
  }

  static void checkName(Section s, String key, String name) {
    if (!name.matches(NAME_PATTERN)) {
      throw s.error(key, "expected a name of letters, digits, '.', '_' and '-' (at most 64, starting with a"
          + " letter or digit), got '" + name + "'");
    }
  }

  /** "specs/term-digits.yaml" names its experiment "term-digits". */
  static String defaultName(String source) {
    String base = source.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base = base.replaceFirst("\\.(ya?ml)$", "").replaceFirst(" .*$", "");
    base = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    if (base.length() > 64) {
      base = base.substring(0, 64);
    }
    return base.isEmpty() ? "experiment" : base;
  }
}
