package org.probity.cli.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.cli.spec.DataSection;
import org.probity.cli.spec.LoadedSpec;
import org.probity.core.data.Dataset;
import org.probity.core.data.DatasetInfo;
import org.probity.core.data.Datasets;
import org.probity.core.data.LoadOptions;
import org.probity.core.data.Split;
import org.probity.core.data.Splits;
import org.probity.core.data.Standardizer;
import org.probity.core.data.synthetic.LabelNoise;
import org.probity.core.data.synthetic.NoisyLabels;
import org.probity.tensor.Rng;

/**
 * The data every variant of an experiment trains and is tested on, prepared once from the spec's
 * {@code data:} section and the root seed: load or generate, split (stratified by class for
 * classification, so small test sets keep every class), hold out {@code data.validation_fraction}
 * of the training part for validation (stratified likewise, from a stream of its own, so that with
 * 0 every split is exactly as without the key), corrupt the training labels if asked (the
 * validation labels too: they stand for more data from the same noisy source), and standardise
 * with training statistics only. The test split is never corrupted.
 *
 * @param train the training split, after label noise and standardisation (without the validation rows)
 * @param validation the validation split, treated as the training split; null when there is none
 * @param test the clean test split
 * @param noisyRows how many training labels the noise changed (0 without noise)
 */
public record ExperimentData(Dataset train, Dataset validation, Dataset test, int noisyRows) {
  /** Data without a validation split. */
  public ExperimentData(Dataset train, Dataset test, int noisyRows) {
    this(train, null, test, noisyRows);
  }

  public boolean classification() {
    return train.isClassification();
  }

  /** "classification" or "regression", as summary.json says. */
  public String task() {
    return classification() ? "classification" : "regression";
  }

  /**
   * Prepares the data of {@code loaded} from {@code rng} (the root seed's "data" stream);
   * {@code images} loads image datasets as [C, H, W] (for convolutional models).
   */
  public static ExperimentData prepare(LoadedSpec loaded, Rng rng, boolean images) {
    DataSection d = loaded.spec().data();
    Generators.Generated out = source(loaded, rng, images);
    Split split = out.split() != null ? out.split() : split(out.whole(), d.testFraction(), rng.derive("split"), loaded);
    Dataset train = split.train();
    Dataset test = split.test();
    Dataset validation = null;
    if (d.validationFraction() > 0) {
      Split v = validationSplit(train, d.validationFraction(), rng.derive("validation"), loaded);
      train = v.train();
      validation = v.test();
    }
    int noisy = 0;
    if (d.labelNoise() != null) {
      if (!train.isClassification()) {
        throw loaded.error("data.label_noise", "label noise needs class labels, but " + d.source()
            + " is a regression dataset");
      }
      NoisyLabels n = noise(d.labelNoise()).apply(train, rng.derive("label-noise"));
      train = n.dataset();
      noisy = n.count();
      if (validation != null) {
        validation = noise(d.labelNoise()).apply(validation, rng.derive("validation-label-noise")).dataset();
      }
    }
    if (d.standardize()) {
      Standardizer s = Standardizer.fit(train);
      train = s.apply(train);
      test = s.apply(test);
      validation = validation == null ? null : s.apply(validation);
    }
    return new ExperimentData(train, validation, test, noisy);
  }

  /**
   * The spec's data as loaded or generated from {@code rng} (the root seed's "data" stream), before
   * any split: a whole dataset, or the train/test split a generator makes itself. Generator options
   * it rejects fail as bad input at {@code data.options}.
   */
  static Generators.Generated source(LoadedSpec loaded, Rng rng, boolean images) {
    DataSection d = loaded.spec().data();
    Generators.Generator g = Generators.get(d.source());
    if (g != null) {
      try {
        return g.generate().apply(d.options(), rng.derive("generate"));
      } catch (IllegalArgumentException e) {
        throw loaded.error("data.options", e.getMessage());
      }
    }
    DatasetInfo info = Datasets.info(d.source());
    return Generators.Generated.whole(Datasets.load(d.source(), images && info.isImage()
        ? LoadOptions.DEFAULT.asImages() : LoadOptions.DEFAULT));
  }

  private static Split split(Dataset all, double testFraction, Rng rng, LoadedSpec loaded) {
    try {
      return all.isClassification() ? Splits.stratified(all, testFraction, rng) : all.split(testFraction, rng);
    } catch (IllegalArgumentException e) {
      throw loaded.error("data.test_fraction", e.getMessage());
    }
  }

  private static Split validationSplit(Dataset train, double fraction, Rng rng, LoadedSpec loaded) {
    try {
      return train.isClassification() ? Splits.stratified(train, fraction, rng) : train.split(fraction, rng);
    } catch (IllegalArgumentException e) {
      throw loaded.error("data.validation_fraction", "holding out " + fraction + " of the " + train.size()
          + " training rows fails: " + e.getMessage());
    }
  }

  private static LabelNoise noise(DataSection.LabelNoise n) {
    return switch (n.kind()) {
      case "symmetric" -> LabelNoise.uniformAnyClass(n.rate());
      case "class-dependent" -> LabelNoise.pairwise(n.rate());
      default -> LabelNoise.uniform(n.rate());
    };
  }

  /** Role to dataset, for provenance's fingerprints. */
  public Map<String, Dataset> roles() {
    Map<String, Dataset> m = new LinkedHashMap<>();
    m.put("train", train);
    if (validation != null) {
      m.put("validation", validation);
    }
    m.put("test", test);
    return m;
  }
}
