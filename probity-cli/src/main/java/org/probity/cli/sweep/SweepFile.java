package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.Loc;
import org.probity.cli.spec.Overrides;
import org.probity.cli.spec.Section;
import org.probity.cli.spec.SpecException;
import org.probity.cli.spec.SpecReader;
import org.probity.cli.spec.StrategySection;
import org.probity.cli.spec.Variant;
import org.probity.cli.spec.YamlNode;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlTree;

/**
 * A sweep spec split in two: the base experiment (the spec without its {@code sweep:} section, the
 * command's {@code --set} overrides applied) and the sweep itself. A trial is the base plus its
 * overrides, read by the ordinary {@link SpecReader}, so a swept key is checked exactly as the same
 * {@code --set} on {@code probity run} would be. The sweep lives in the spec rather than in a file
 * of its own so that one file says everything that was tried, and each trial's run folder still
 * holds an ordinary spec.yaml that {@code probity run} reruns.
 */
public final class SweepFile {
  private final String source;
  private final MapNode base;
  private final YamlNode sweep;
  private final Loc sweepLoc;

  private SweepFile(String source, MapNode base, YamlNode sweep, Loc sweepLoc) {
    this.source = source;
    this.base = base;
    this.sweep = sweep;
    this.sweepLoc = sweepLoc;
  }

  /** Parses {@code text}, applies {@code sets} (which may set sweep keys too) and takes the sweep off. */
  public static SweepFile parse(String source, String text, List<String> sets) {
    YamlNode tree = Overrides.apply(YamlTree.parse(source, text), sets);
    Section.root(tree, new HashMap<>()); // a document that is not a mapping fails here, as for probity run
    MapNode copy = ((MapNode) tree).copy();
    YamlNode.Entry e = copy.entries().remove(SpecReader.SWEEP_KEY);
    if (e == null || e.value() == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
      throw new SpecException(Loc.of(source), "sweep: this spec has no sweep: section; add one, e.g. sweep: {method:"
          + " grid, params: {optimizer.lr: [0.01, 0.1]}}, or run it with 'probity run'");
    }
    return new SweepFile(source, copy, e.value(), e.keyLoc());
  }

  public String source() {
    return source;
  }

  /** The base experiment with {@code overrides} applied, validated. */
  public LoadedSpec read(SpecReader reader, List<String> overrides) {
    return reader.read(source, base, overrides);
  }

  /**
   * The sweep section, validated against the base: every listed value and each range's bounds are
   * applied to the base spec and read, so an unknown key or a value the key cannot take fails now,
   * at the sweep's line, rather than as failed trials; the budget key likewise, and {@code arm}
   * must name one of the base's variants or strategies. A sweep needs a validation split
   * ({@code data.validation_fraction} for a central spec, {@code federated.split.validation} for a
   * federated one unless it chooses on worst_group_accuracy, which clients measure on test only), in
   * the base and in every swept value, since it chooses on it.
   */
  public SweepSpec sweep(SpecReader reader) {
    LoadedSpec b = read(reader, List.of());
    SweepSpec s = SweepSpec.read(sweep, sweepLoc, b.spec().isFederated());
    if (!hasValidation(b, s.metric())) {
      throw noValidation(b, sweepKey("metric"), validationKey(b) + " is 0");
    }
    for (Param p : s.params()) {
      List<String> values = switch (p.kind()) {
        case CHOICE -> p.choices();
        case INT_UNIFORM -> List.of(Long.toString((long) p.low()), Long.toString((long) p.high()));
        default -> List.of(Param.decimal(p.low()), Param.decimal(p.high()));
      };
      for (String v : values) {
        LoadedSpec trial = check(reader, p.key() + "=" + v, p.loc(), "sweep.params." + p.key());
        if (!hasValidation(trial, s.metric())) {
          throw noValidation(trial, p.loc(), "with " + p.key() + "=" + v + " the trial has no validation split");
        }
      }
    }
    if (s.halving() != null) {
      YamlNode h = ((MapNode) sweep).get("halving");
      Loc loc = h instanceof MapNode hm && hm.get("budget_key") != null ? hm.get("budget_key").loc() : sweepLoc;
      for (int b2 : new int[] {s.halving().minBudget(), s.halving().maxBudget()}) {
        check(reader, s.halving().budgetKey() + "=" + b2, loc, "sweep.halving.budget_key");
      }
    }
    if (s.arm() != null) {
      List<String> arms = arms(b);
      if (!arms.contains(s.arm())) {
        YamlNode a = ((MapNode) sweep).get("arm");
        throw new SpecException(a == null ? sweepLoc : a.loc(), "sweep.arm: the spec has no "
            + (b.spec().isFederated() ? "strategy" : "variant") + " '" + s.arm() + "' (it has: "
            + String.join(", ", arms) + ")");
      }
    }
    return s;
  }

  /**
   * A sweep without a validation split: choosing on test would make the best trial's test score an
   * optimistic estimate, so it is refused before any trial runs.
   */
  private SpecException noValidation(LoadedSpec spec, Loc loc, String why) {
    return new SpecException(loc, "sweep.metric: a sweep chooses on a validation split (" + why + "); set "
        + validationKey(spec) + ", e.g. 0.15 (choosing on test would report an optimistic test score)");
  }

  /**
   * Whether the spec's runs measure {@code metric} on a validation split (the clients' own, for a
   * federated spec). A federated worst_group_accuracy is pooled over the clients' test rows only, so
   * a federated sweep on it needs none (and is chosen on test, as the README says).
   */
  private static boolean hasValidation(LoadedSpec spec, String metric) {
    if (spec.spec().isFederated()) {
      return metric.equals("worst_group_accuracy") || spec.spec().federated().split().validation() > 0;
    }
    return spec.spec().data().validationFraction() > 0;
  }

  /** The key that sets the spec's validation split. */
  private static String validationKey(LoadedSpec spec) {
    return spec.spec().isFederated() ? "federated.split.validation" : "data.validation_fraction";
  }

  /** Where key {@code key} of the sweep section is (the section's own line when it is absent). */
  private Loc sweepKey(String key) {
    YamlNode n = sweep instanceof MapNode m ? m.get(key) : null;
    return n == null ? sweepLoc : n.loc();
  }

  /** The variants' (the strategies') names, in spec order. */
  static List<String> arms(LoadedSpec b) {
    List<String> out = new ArrayList<>();
    if (b.spec().isFederated()) {
      for (StrategySection st : b.spec().federated().strategies()) {
        out.add(st.name());
      }
    } else {
      for (Variant v : b.spec().variants()) {
        out.add(v.name());
      }
    }
    return out;
  }

  private LoadedSpec check(SpecReader reader, String set, Loc loc, String path) {
    try {
      return read(reader, List.of(set));
    } catch (SpecException e) {
      String m = e.getMessage();
      String prefix = e.loc() == null ? "" : e.loc() + ": ";
      throw new SpecException(loc, path + ": with " + set + ": " + (m.startsWith(prefix) ? m.substring(prefix.length())
          : m));
    }
  }
}
