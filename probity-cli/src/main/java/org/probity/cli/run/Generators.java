package org.probity.cli.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.LoadOptions;
import org.probity.core.data.Split;
import org.probity.core.data.synthetic.CorruptedRegression;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.data.synthetic.IllConditionedLogistic;
import org.probity.core.data.synthetic.MinorityMixture;
import org.probity.core.data.synthetic.RotatedPatchedDigits;
import org.probity.core.data.synthetic.SpuriousGroups;
import org.probity.core.data.synthetic.TransformedDigits;
import org.probity.tensor.Rng;

/**
 * The seeded data generators a spec can name as {@code data.source}, each with its options and
 * their defaults (read off the generator's configuration record, see {@link RecordOptions}):
 * a Gaussian mixture with a minority group, regression with corrupted targets (which comes with
 * its own clean test split), FedProx's Synthetic(α, β), ill-conditioned logistic regression,
 * rotated or patched digits, rotated + patched digit silos, and BR-DRO's spurious-attribute groups
 * with flipped training labels (which also comes with its own clean, group-balanced test split).
 */
public final class Generators {
  /** A generator: a description, default options, and (options, rng) to data. */
  public record Generator(String name, String description, Map<String, Object> defaults,
      BiFunction<Map<String, Object>, Rng, Generated> generate) {}

  /** Generated data: a whole dataset to split, or a split the generator made itself (split != null). */
  public record Generated(Dataset whole, Split split) {
    static Generated whole(Dataset d) {
      return new Generated(d, null);
    }
  }

  private static final Map<String, Generator> ALL = new LinkedHashMap<>();

  static {
    add("minority-mixture", "Gaussian classes with an under-represented group whose boundary differs (groups set)",
        RecordOptions.of(MinorityMixture.Config.defaults()),
        (o, rng) -> Generated.whole(MinorityMixture.generate(RecordOptions.build(MinorityMixture.Config.class, o), rng)));
    add("corrupted-regression", "linear regression, a share of training targets replaced by N(5, 5^2) outliers;"
            + " its own clean test split (test_fraction unused)",
        RecordOptions.of(CorruptedRegression.Config.defaults()),
        (o, rng) -> new Generated(null,
            CorruptedRegression.generate(RecordOptions.build(CorruptedRegression.Config.class, o), rng).split()));
    add("synthetic", "FedProx's Synthetic(alpha, beta) softmax-regression clients (client ids set; client size"
            + " capped by max_size)",
        RecordOptions.of(FedProxSynthetic.Config.of(1, 1).withMaxSize(1000)),
        (o, rng) -> Generated.whole(FedProxSynthetic.generate(RecordOptions.build(FedProxSynthetic.Config.class, o),
            rng)));
    add("ill-conditioned-logistic", "binary logistic regression with feature covariance of a chosen condition number",
        RecordOptions.of(IllConditionedLogistic.Config.defaults()),
        (o, rng) -> Generated.whole(IllConditionedLogistic.generate(
            RecordOptions.build(IllConditionedLogistic.Config.class, o), rng).dataset()));
    add("rotated-digits", "digits, each of K clusters rotated by 360k/K degrees (groups = clusters)",
        Map.of("clusters", 4),
        (o, rng) -> Generated.whole(TransformedDigits.rotated(digits(), ((Number) o.get("clusters")).intValue(), rng)));
    Map<String, Object> patched = new LinkedHashMap<>();
    patched.put("clusters", 4);
    patched.put("patch", 2);
    patched.put("value", 1.0);
    add("patched-digits", "digits, each of K clusters stamped with a bright square at its own place (groups ="
            + " clusters)", patched,
        (o, rng) -> Generated.whole(TransformedDigits.patched(digits(), ((Number) o.get("clusters")).intValue(),
            ((Number) o.get("patch")).intValue(), ((Number) o.get("value")).floatValue(), rng)));
    Map<String, Object> spurious = new LinkedHashMap<>();
    spurious.put("train_size", 2000);
    spurious.put("test_size", 2000);
    spurious.put("agreement", 0.95);
    spurious.put("flip_rate", 0.15);
    add("spurious-groups", "binary labels with a spurious attribute s = y on a share 'agreement' of training rows,"
            + " a share 'flip_rate' of training labels flipped; its own clean test split balanced over the (y, s)"
            + " groups (groups = 2y + s)", spurious,
        Generators::spuriousGroups);

    add("rotated-patched-digits", "digits dealt to S silos; silo s rotated by 90(s mod 4) degrees and stamped with"
            + " its own two bright 2x2 patches (client ids = silos; MR-MTL's rotated + patched MNIST at 8x8)",
        Map.of("silos", 12),
        (o, rng) -> Generated.whole(RotatedPatchedDigits.generate(((Number) o.get("silos")).intValue(), rng)));
  }

  private Generators() {}

  private static void add(String name, String description, Map<String, Object> defaults,
      BiFunction<Map<String, Object>, Rng, Generated> generate) {
    ALL.put(name, new Generator(name, description, defaults, generate));
  }

  /**
   * BR-DRO's synthetic group shift (research notes §2): the notes' features, with the training
   * rows' agreement and flip rate from the options, and a clean test split balanced over the groups.
   */
  private static Generated spuriousGroups(Map<String, Object> o, Rng rng) {
    int trainSize = ((Number) o.get("train_size")).intValue();
    int testSize = ((Number) o.get("test_size")).intValue();
    if (trainSize < 1 || testSize < 1) {
      throw new IllegalArgumentException("spurious-groups: train_size and test_size must be >= 1, got train_size="
          + trainSize + ", test_size=" + testSize);
    }
    SpuriousGroups.Config base = SpuriousGroups.Config.train(trainSize);
    SpuriousGroups.Config train = new SpuriousGroups.Config(trainSize, base.coreDim(), base.spuriousDim(),
        base.nuisanceDim(), ((Number) o.get("agreement")).doubleValue(), ((Number) o.get("flip_rate")).doubleValue(),
        base.coreShift(), base.spuriousShift(), base.spuriousNoise());
    return new Generated(null, new Split(SpuriousGroups.generate(train, rng.derive("train")),
        SpuriousGroups.generate(train.withN(testSize).balancedTest(), rng.derive("test"))));
  }

  private static Dataset digits() {
    return Datasets.load("digits", LoadOptions.DEFAULT.asImages());
  }

  public static List<Generator> all() {
    return List.copyOf(ALL.values());
  }

  /** The generator named {@code name}, or null. */
  public static Generator get(String name) {
    return ALL.get(name);
  }

  /** Generator name to default options, for the spec reader's vocabulary. */
  public static Map<String, Map<String, Object>> defaults() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    ALL.forEach((k, g) -> out.put(k, g.defaults()));
    return out;
  }
}
