package org.probity.cli.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The federated strategies a spec can name in {@code federated.strategies[i].kind}, each with the
 * settings it takes: key, type, default and constraint. This table is the schema: the reader takes
 * exactly these keys for a kind (another kind's key is an error listing this kind's keys), fills the
 * defaults, and the writer writes them back in this order. Defaults follow each method's paper or
 * the engine class's own defaults; two depend on the rest of the spec: q-FFL's Lipschitz estimate
 * L = 1/η (η the clients' learning rate, the official code's default) and IFCA's warm-up, a fifth
 * of the rounds (Motley's {@code ifca_benchmark} warm-starts over 20%).
 */
public final class StrategyKinds {
  /** How a setting is written: a number, an integer, true/false, an integer or list of them, a pair. */
  public enum Type { NUMBER, INTEGER, FLAG, INT_LIST, PAIR }

  /** What a derived default may depend on: the clients' learning rate and the number of rounds. */
  public record Context(double clientLr, int rounds) {}

  /**
   * One setting of a kind. {@code check} constrains numbers (and each entry of a pair),
   * {@code min} integers (and each entry of an integer list); {@code def} gives the default from
   * the context, or null for an optional setting without one; {@link #required()} ones have none.
   */
  public record Setting(String key, Type type, Check check, int min, Function<Context, Object> def, String meaning) {
    /** Whether the spec must give this setting (it has no sensible default, as BGL's bound ζ). */
    public boolean required() {
      return def == REQUIRED;
    }
  }

  /** The "default" of a required setting: the reader fails when the spec leaves it out. */
  private static final Function<Context, Object> REQUIRED = c -> null;

  /** A strategy kind: its name, what it is, and its settings in order. */
  public record Kind(String name, String about, List<Setting> settings) {
    public Kind {
      settings = List.copyOf(settings);
    }

    /** Every key a strategy of this kind may have: name, kind, then its settings. */
    public List<String> keys() {
      List<String> k = new ArrayList<>(List.of("name", "kind"));
      settings.forEach(s -> k.add(s.key()));
      return k;
    }
  }

  private static final Map<String, Kind> ALL = new LinkedHashMap<>();

  static {
    add("fedavg", "FedAvg (McMahan et al. 2017): the example-weighted mean of the client models");
    add("fedavgm", "FedAvg with server momentum (Hsu, Qi, Brown 2019)",
        // server_lr 1 with momentum 0 is FedAvg; 0.9 is the paper's setting.
        number("server_lr", 1.0, Check.POSITIVE, "the server's step on the pseudo-gradient"),
        number("momentum", 0.9, Check.FRACTION, "the server's momentum"));
    add("fedprox", "FedProx (Li et al., MLSys 2020): clients add mu/2 |w - w_global|^2",
        // 0.01: the middle of the paper's grid {0.001, 0.01, 0.1, 1}.
        number("mu", 0.01, Check.NON_NEGATIVE, "the proximal weight; 0 is FedAvg"));
    // Server learning rates of the adaptive optimisers: the middle of Reddi et al.'s grids on small
    // tasks; betas and eps as the engine classes' own defaults (Motley's 0.9/0.99 and 1e-3 for Adam).
    add("fedadam", "FedAdam (Reddi et al., ICLR 2021): Adam on the server's pseudo-gradient",
        number("server_lr", 0.01, Check.POSITIVE, "the server's learning rate"),
        pair("betas", List.of(0.9, 0.99), Check.FRACTION, "Adam's beta1 and beta2"),
        number("eps", 1e-3, Check.POSITIVE, "Adam's epsilon (tau in the paper)"));
    add("fedyogi", "FedYogi (Reddi et al., ICLR 2021): Yogi on the server's pseudo-gradient",
        number("server_lr", 0.01, Check.POSITIVE, "the server's learning rate"),
        pair("betas", List.of(0.9, 0.999), Check.FRACTION, "Yogi's beta1 and beta2"),
        number("eps", 1e-3, Check.POSITIVE, "Yogi's epsilon (tau in the paper)"),
        number("initial_accumulator", 1e-6, Check.POSITIVE, "Yogi's initial second moment"));
    add("fedadagrad", "FedAdagrad (Reddi et al., ICLR 2021): Adagrad on the server's pseudo-gradient",
        number("server_lr", 0.1, Check.POSITIVE, "the server's learning rate"),
        number("eps", 1e-3, Check.POSITIVE, "Adagrad's epsilon (tau in the paper)"));
    add("fedmedian", "coordinate-wise median of the client models (Yin et al. 2018), robust to outliers");
    add("local", "local training only: every client trains and is tested on its own model, no communication");
    add("finetune", "FedAvg, then each client fine-tunes the global model for E epochs before testing (Motley's"
            + " FedAvg+FT); with several E, each client's validation split chooses E",
        intList("epochs", List.of(0, 1, 2, 5, 10), 0, "fine-tuning epochs, or a grid chosen on validation"
            + " (Motley's grid)"),
        flag("last_layer", false, "fine-tune only the last layer"),
        optional("lr", Check.POSITIVE, "an SGD learning rate for fine-tuning; absent: the clients' optimizer"));
    // Ditto and MR-MTL: 0.1 is the lambda the Motley reproduction chose on validation (probity repro motley).
    add("ditto", "Ditto (Li, Hu, Beirami, Smith, ICML 2021): personal models pulled towards the FedAvg model",
        number("lambda", 0.1, Check.NON_NEGATIVE, "the pull towards the global model; 0 is local training"));
    add("mrmtl", "MR-MTL (Liu, Hu, Wu, Smith, NeurIPS 2022): personal models pulled towards their mean",
        number("lambda", 0.1, Check.NON_NEGATIVE, "the pull towards the mean; 0 is local training"));
    add("ifca", "IFCA (Ghosh et al., NeurIPS 2020): k global models, each client trains the one that fits it best;"
            + " the k models are warm-started by FedAvg runs from different initialisations (as Motley)",
        integer("clusters", 4, 1, "the number of models k (at most the number of clients)"),
        new Setting("warm_rounds", Type.INTEGER, null, 0, c -> Math.max(1, c.rounds() / 5),
            "FedAvg rounds that warm-start each of the k models; 0 starts them from k initialisations"));
    add("qffl", "q-FFL (Li, Sanjabi, Beirami, Smith, ICLR 2020): clients with a higher loss weigh more",
        number("q", 1.0, Check.NON_NEGATIVE, "the fairness exponent; 0 is FedAvg"),
        new Setting("lipschitz", Type.NUMBER, Check.POSITIVE, 0, c -> 1.0 / c.clientLr(),
            "the Lipschitz estimate L; default 1/lr of the clients' optimizer, as the official code"));
    add("tilted", "TERM across clients (Li, Beirami, Sanjabi, Smith, ICLR 2021): client models averaged with weights"
            + " n_k exp(t F_k), F_k the client's loss at the global model; t > 0 favours worse-off clients",
        number("t", 1.0, Check.ANY, "the tilt across clients; 0 is FedAvg"),
        optional("inner_t", Check.ANY, "a tilt within each client as well (hierarchical TERM: each client trains on"
            + " its tilted risk, which is also what the outer tilt weighs); absent: the clients' mean loss"));
    add("maxfl", "MaxFL (Cho, Jhunjhunwala, Li, Smith, Joshi 2022): maximise the number of clients for whom the global"
            + " model beats their own; each client weighs by how close its loss is to that of its local model,"
            + " trained first for local_rounds rounds",
        flag("normalised", true, "normalise the client weights to sum to one (false: the paper's raw step)"),
        number("server_lr", 1.0, Check.POSITIVE, "the server's step"),
        number("sharpness", 1.0, Check.POSITIVE, "the slope s of the sigmoid relaxing the count of appealed clients"),
        new Setting("local_rounds", Type.INTEGER, null, 1, Context::rounds,
            "rounds of local training that give each client its own model and threshold (default: the rounds)"));
    add("bgl", "bounded group loss (Hu, Wu, Smith et al. 2022): FedAvg under the constraint that every group's loss,"
            + " pooled over all clients, stays at most zeta; primal-dual updates with one multiplier per group",
        new Setting("zeta", Type.NUMBER, Check.POSITIVE, 0, REQUIRED, "the bound on each group's mean train loss,"
            + " e.g. zeta: 0.5 (a bound no model reaches is reported as infeasible)"),
        number("bound", 10.0, Check.POSITIVE, "the bound B on the multipliers' sum, which caps a group's weight"),
        number("dual_step", 1.0, Check.POSITIVE, "the multipliers' ascent step"),
        new Setting("groups", Type.INT_LIST, null, 0, null, "the group ids to constrain (absent: every group the"
            + " clients hold); each must occur in the data"));
  }

  private StrategyKinds() {}

  /** The kind named {@code name}, or null. */
  public static Kind get(String name) {
    return ALL.get(name);
  }

  /** Every kind's name, in the order of the table. */
  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  public static List<Kind> all() {
    return List.copyOf(ALL.values());
  }

  /** Every setting key of any kind (for "used by another kind" messages). */
  public static List<String> allKeys() {
    List<String> out = new ArrayList<>();
    for (Kind k : ALL.values()) {
      for (String key : k.keys()) {
        if (!out.contains(key)) {
          out.add(key);
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static void add(String name, String about, Setting... settings) {
    ALL.put(name, new Kind(name, about, List.of(settings)));
  }

  private static Setting number(String key, double def, Check check, String meaning) {
    return new Setting(key, Type.NUMBER, check, 0, c -> def, meaning);
  }

  private static Setting optional(String key, Check check, String meaning) {
    return new Setting(key, Type.NUMBER, check, 0, null, meaning);
  }

  private static Setting integer(String key, int def, int min, String meaning) {
    return new Setting(key, Type.INTEGER, null, min, c -> def, meaning);
  }

  private static Setting flag(String key, boolean def, String meaning) {
    return new Setting(key, Type.FLAG, null, 0, c -> def, meaning);
  }

  private static Setting intList(String key, List<Integer> def, int min, String meaning) {
    return new Setting(key, Type.INT_LIST, null, min, c -> def, meaning);
  }

  private static Setting pair(String key, List<Double> def, Check check, String meaning) {
    return new Setting(key, Type.PAIR, check, 0, c -> def, meaning);
  }
}
