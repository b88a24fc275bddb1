package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.probity.cli.spec.Loc;
import org.probity.cli.spec.Section;
import org.probity.cli.spec.SpecException;
import org.probity.cli.spec.YamlNode;
import org.probity.cli.spec.YamlNode.ListNode;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * A spec's {@code sweep:} section, validated: the search method (grid, random or successive
 * halving), the swept keys ({@link Param}), how many configurations random search and halving
 * draw, the metric to optimise and in which direction, which variant or strategy it is read from,
 * how many trials run at once, the sweep's seed, and halving's budgets (Jamieson and Talwalkar,
 * AISTATS 2016; the rung schedule of Li et al.'s Hyperband, JMLR 2018). Errors name the key path,
 * its line and what was expected, as every spec error does.
 */
public record SweepSpec(Method method, List<Param> params, int trials, String metric, boolean maximize, String arm,
    int parallel, long seed, Halving halving) {
  /** The search methods. */
  public enum Method {
    GRID, RANDOM, HALVING;

    String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Successive halving's settings: keep the top 1/eta each rung, budgets min..max on {@code budgetKey}. */
  public record Halving(int eta, int minBudget, int maxBudget, String budgetKey) {
    /** The budget of each rung: min, min*eta, min*eta^2, ... with the last rung at max. */
    public List<Integer> budgets() {
      List<Integer> out = new ArrayList<>();
      long b = minBudget;
      while (b * eta <= maxBudget) {
        out.add((int) b);
        b *= eta;
      }
      out.add(maxBudget);
      return out;
    }
  }

  /** Metrics that a smaller value makes better. */
  static final Set<String> MINIMIZED = Set.of("loss", "worst_group_loss", "rmse", "mse", "ece");
  /** What a central run's test metrics may be asked for. */
  public static final List<String> CENTRAL_METRICS = List.of("accuracy", "worst_group_accuracy", "loss",
      "worst_group_loss", "rmse", "mse", "auroc", "ece");
  /** What a federated run's per-strategy outcome may be asked for. */
  public static final List<String> FEDERATED_METRICS = List.of("client_mean_accuracy", "client_p10_accuracy",
      "client_min_accuracy", "worst_group_accuracy");
  private static final List<String> KINDS = List.of("uniform", "log_uniform", "int_uniform");

  public SweepSpec {
    params = List.copyOf(params);
  }

  /** Reads the {@code sweep:} node of a spec ({@code federated}: whether the rest of the spec is). */
  public static SweepSpec read(YamlNode node, Loc fallback, boolean federated) {
    Map<String, Loc> where = new HashMap<>();
    Section s = Section.of("sweep", node, fallback, where);
    String m = s.choice("method", "grid", List.of("grid", "random", "halving"), "search method");
    Method method = Method.valueOf(m.toUpperCase(java.util.Locale.ROOT));
    List<Param> params = params(s);
    int trials;
    if (method == Method.GRID) {
      if (s.has("trials")) {
        throw s.error("trials", "grid search runs every combination of the values; trials is for method random"
            + " or halving");
      }
      for (Param p : params) {
        if (p.kind() != Param.Kind.CHOICE) {
          throw new SpecException(p.loc(), "sweep.params." + p.key() + ": grid search needs a list of values, e.g."
              + " [0.01, 0.1, 1.0]; " + p.kind().yamlKey() + " is for method random or halving");
        }
      }
      long n = 1;
      for (Param p : params) {
        n *= p.choices().size();
      }
      if (n > 10_000) {
        throw s.error("params", "the grid has " + n + " combinations (at most 10000); use method random");
      }
      trials = (int) n;
    } else {
      if (!s.has("trials")) {
        throw new SpecException(s.loc(), "sweep.trials: required for method " + m + ": how many configurations to"
            + " draw, e.g. trials: 8");
      }
      trials = s.integer("trials", null, 1);
    }
    List<String> allowed = federated ? FEDERATED_METRICS : CENTRAL_METRICS;
    String metric = s.choice("metric", allowed.get(0), allowed, (federated ? "federated" : "central") + " metric");
    String goal = s.choice("goal", MINIMIZED.contains(metric) ? "minimize" : "maximize",
        List.of("maximize", "minimize"), "goal");
    String arm = s.string("arm", null);
    int parallel = s.integer("parallel", defaultParallel(), 1);
    long seed = s.longValue("seed", 1L);
    Halving halving = null;
    if (method == Method.HALVING) {
      if (!s.has("halving")) {
        throw new SpecException(s.loc(), "sweep.halving: required for method halving: e.g. halving: {eta: 3,"
            + " min_budget: 1, max_budget: 9, budget_key: train.epochs}");
      }
      halving = halving(s.section("halving"), params);
    } else if (s.has("halving")) {
      throw s.error("halving", "only used by method halving (this sweep's method is " + m + ")");
    }
    s.done();
    return new SweepSpec(method, params, trials, metric, goal.equals("maximize"), arm, parallel, seed, halving);
  }

  /** Half the cores, at least one and at most four: trials are themselves multi-threaded. */
  static int defaultParallel() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }

  private static Halving halving(Section h, List<Param> params) {
    int eta = h.integer("eta", 3, 2);
    if (!h.has("min_budget") || !h.has("max_budget") || !h.has("budget_key")) {
      throw new SpecException(h.loc(), "sweep.halving: required: min_budget, max_budget and budget_key (the spec"
          + " key the budget sets, e.g. train.epochs or federated.rounds)");
    }
    int min = h.integer("min_budget", null, 1);
    int max = h.integer("max_budget", null, 1);
    if (max < min) {
      throw h.error("max_budget", "expected at least min_budget (" + min + "), got " + max);
    }
    String key = h.string("budget_key", null);
    for (Param p : params) {
      if (p.key().equals(key)) {
        throw h.error("budget_key", "'" + key + "' is also a swept key; halving sets it to each rung's budget");
      }
    }
    h.done();
    return new Halving(eta, min, max, key);
  }

  private static List<Param> params(Section s) {
    YamlNode n = s.raw("params");
    if (!(n instanceof MapNode map) || map.entries().isEmpty()) {
      throw new SpecException(n == null ? s.loc() : n.loc(), "sweep.params: expected the keys to sweep and their"
          + " values, e.g. params: {optimizer.lr: [0.01, 0.1], train.batch_size: [32, 64]}, got "
          + (n == null ? "nothing" : n.describe()));
    }
    List<Param> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, YamlNode.Entry> e : map.entries().entrySet()) {
      String key = e.getKey().strip();
      String path = "sweep.params." + key;
      YamlNode v = e.getValue().value();
      Loc loc = e.getValue().keyLoc();
      if (key.equals("sweep") || key.startsWith("sweep.") || key.equals("name")) {
        throw new SpecException(loc, path + ": '" + key + "' cannot be swept (trials share the sweep and the name)");
      }
      if (!seen.add(key)) {
        throw new SpecException(loc, path + ": swept twice");
      }
      if (v instanceof ListNode list) {
        if (list.items().isEmpty()) {
          throw new SpecException(v.loc(), path + ": expected at least one value, got an empty list");
        }
        List<String> values = new ArrayList<>();
        for (YamlNode item : list.items()) {
          String text = text(item, path);
          if (values.contains(text)) {
            throw new SpecException(item.loc(), path + ": the value " + text + " is listed twice");
          }
          values.add(text);
        }
        out.add(Param.choice(key, values, loc));
      } else if (v instanceof MapNode dist && dist.entries().size() == 1
          && KINDS.contains(dist.entries().keySet().iterator().next())) {
        String kind = dist.entries().keySet().iterator().next();
        out.add(range(key, path, kind, dist.get(kind), loc));
      } else {
        throw new SpecException(v == null ? loc : v.loc(), path + ": expected a list of values ([0.01, 0.1]) or one of"
            + " {uniform: [low, high]}, {log_uniform: [low, high]}, {int_uniform: [low, high]}, got "
            + (v == null ? "nothing" : v instanceof MapNode mm ? "a section with " + mm.entries().keySet()
                : v.describe()));
      }
    }
    return out;
  }

  private static Param range(String key, String path, String kind, YamlNode bounds, Loc loc) {
    String p = path + "." + kind;
    if (!(bounds instanceof ListNode l) || l.items().size() != 2
        || !(l.items().get(0) instanceof Scalar a && a.isNumber())
        || !(l.items().get(1) instanceof Scalar b && b.isNumber())) {
      throw new SpecException(bounds == null ? loc : bounds.loc(), p + ": expected [low, high], two numbers, got "
          + (bounds == null ? "nothing" : bounds.describe()));
    }
    double lo = a.number();
    double hi = b.number();
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
      throw new SpecException(bounds.loc(), p + ": expected finite bounds with low < high, got [" + a.text() + ", "
          + b.text() + "]");
    }
    Param.Kind k = Param.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    if (k == Param.Kind.LOG_UNIFORM && lo <= 0) {
      throw new SpecException(bounds.loc(), p + ": expected low > 0 (the logarithm is drawn uniformly), got "
          + a.text());
    }
    if (k == Param.Kind.INT_UNIFORM && (!a.isInteger() || !b.isInteger())) {
      throw new SpecException(bounds.loc(), p + ": expected two integers, got [" + a.text() + ", " + b.text() + "]");
    }
    return Param.range(key, k, lo, hi, loc);
  }

  /** A list item as the YAML text of a {@code --set} value: a scalar as written, a list in flow style. */
  private static String text(YamlNode item, String path) {
    if (item instanceof Scalar s) {
      if (s.isNull()) {
        throw new SpecException(s.loc(), path + ": expected a value, got nothing");
      }
      return s.isString() && needsQuotes(s.text()) ? "'" + s.text().replace("'", "''") + "'" : s.text();
    }
    if (item instanceof ListNode l) {
      List<String> parts = new ArrayList<>();
      for (YamlNode i : l.items()) {
        parts.add(text(i, path));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    throw new SpecException(item.loc(), path + ": expected a value or a list of values, got " + item.describe());
  }

  /** A string that YAML would otherwise read as a number, boolean or null, or that holds syntax. */
  private static boolean needsQuotes(String s) {
    return s.isEmpty() || s.matches("(?i)[-+.0-9].*|true|false|yes|no|on|off|null|~") || s.matches(".*[:#,\\[\\]{}'\"].*");
  }

  /** Whether {@code a} is a better metric value than {@code b} (NaN is never better). */
  public boolean better(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return maximize ? a > b : a < b;
  }

  /** The number of rungs the search runs: halving's, else one. */
  public int rungs() {
    return halving == null ? 1 : halving.budgets().size();
  }

  String methodName() {
    return method.yaml();
  }
}
