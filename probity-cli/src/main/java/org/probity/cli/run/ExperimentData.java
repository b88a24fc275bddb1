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
 * classification, so small test sets keep every class), corrupt the training labels if asked,
 * and standardise with training statistics only. The test split is never corrupted.
 *
 * @param train the training split, after label noise and standardisation
 * @param test the clean test split
 * @param noisyRows how many training labels the noise changed (0 without noise)
 */
public record ExperimentData(Dataset train, Dataset test, int noisyRows) {
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
    int noisy = 0;
    if (d.labelNoise() != null) {
      if (!train.isClassification()) {
        throw loaded.error("data.label_noise", "label noise needs class labels, but " + d.source()
            + " is a regression dataset");
      }
      NoisyLabels n = noise(d.labelNoise()).apply(train, rng.derive("label-noise"));
      train = n.dataset();
      noisy = n.count();
    }
    if (d.standardize()) {
      Standardizer s = Standardizer.fit(train);
      train = s.apply(train);
      test = s.apply(test);
    }
    return new ExperimentData(train, test, noisy);
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
    m.put("test", test);
    return m;
  }
}
