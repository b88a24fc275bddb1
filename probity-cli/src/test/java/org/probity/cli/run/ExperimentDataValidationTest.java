package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.cli.spec.SpecWriter;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.LoadOptions;
import org.probity.core.data.Split;
import org.probity.core.data.Splits;
import org.probity.core.data.Standardizer;
import org.probity.tensor.Rng;

/**
 * {@code data.validation_fraction}: the validation split is carved, stratified, out of the training
 * part only (the test split is untouched), and at 0 the data and the resolved spec are exactly
 * those of a spec without the key, recomputed here independently as the pipeline did before.
 */
class ExperimentDataValidationTest {
  private static final String BASE = String.join("\n",
      "name: v",
      "seed: 5",
      "data: {source: digits, standardize: STD%s}",
      "model: {type: softmax}",
      "train: {steps: 2, batch_size: 16}",
      "");

  private static LoadedSpec spec(boolean standardize, String extra) {
    return Catalog.reader().read("v.yaml", BASE.replace("STD", String.valueOf(standardize)).formatted(extra),
        List.of());
  }

  private static ExperimentData prepare(LoadedSpec loaded) {
    return ExperimentData.prepare(loaded, new Rng(loaded.spec().seed()).derive("data"), false);
  }

  private static int[] perClass(Dataset d) {
    int[] n = new int[d.numClasses()];
    for (int y : d.labels()) {
      n[y]++;
    }
    return n;
  }

  /** Every row as "label:features", sorted: compares row sets regardless of order. */
  private static List<String> rows(Dataset d) {
    int w = d.features().size() / d.size();
    float[] x = d.features().data();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(d.labels()[i] + ":" + Arrays.toString(Arrays.copyOfRange(x, i * w, (i + 1) * w)));
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void zeroIsExactlyTheSpecWithoutTheKeyAndThePipelineAsBefore() {
    LoadedSpec absent = spec(true, "");
    LoadedSpec zero = spec(true, ", validation_fraction: 0");
    ExperimentData a = prepare(absent);
    ExperimentData z = prepare(zero);
    assertNull(a.validation());
    assertNull(z.validation());
    assertEquals(a.train().fingerprint(), z.train().fingerprint());
    assertEquals(a.test().fingerprint(), z.test().fingerprint());
    assertEquals(List.of("train", "test"), List.copyOf(z.roles().keySet()));
    assertEquals(SpecWriter.write(absent.spec()), SpecWriter.write(zero.spec()), "the resolved spec is unchanged");
    assertFalse(SpecWriter.write(zero.spec()).contains("validation_fraction"));

    // The pipeline as it was: stratified split from the data stream's "split", standardised by train.
    Dataset all = Datasets.load("digits", LoadOptions.DEFAULT);
    Split s = Splits.stratified(all, 0.25, new Rng(5).derive("data").derive("split"));
    Standardizer st = Standardizer.fit(s.train());
    assertEquals(st.apply(s.train()).fingerprint(), z.train().fingerprint());
    assertEquals(st.apply(s.test()).fingerprint(), z.test().fingerprint());
  }

  @Test
  void theValidationSplitIsAStratifiedShareOfTheTrainingPartOnly() {
    ExperimentData before = prepare(spec(false, ""));
    LoadedSpec loaded = spec(false, ", validation_fraction: 0.2");
    ExperimentData d = prepare(loaded);
    assertEquals(before.test().fingerprint(), d.test().fingerprint(), "the test split does not move");
    int[] part = perClass(before.train());
    int[] val = perClass(d.validation());
    int[] train = perClass(d.train());
    for (int c = 0; c < part.length; c++) {
      assertEquals(Math.round(part[c] * 0.2), val[c], "class " + c);
      assertEquals(part[c] - val[c], train[c], "class " + c);
    }
    // The rows are exactly the old training rows, split in two.
    List<String> union = new ArrayList<>(rows(d.train()));
    union.addAll(rows(d.validation()));
    Collections.sort(union);
    assertEquals(rows(before.train()), union);
    assertEquals(List.of("train", "validation", "test"), List.copyOf(d.roles().keySet()));
    assertTrue(SpecWriter.write(loaded.spec()).contains("validation_fraction: 0.2"));
    // The same seed gives the same split.
    assertEquals(d.validation().fingerprint(), prepare(loaded).validation().fingerprint());
  }

  @Test
  void theValidationSplitIsStandardisedWithTrainingStatistics() {
    ExperimentData raw = prepare(spec(false, ", validation_fraction: 0.2"));
    ExperimentData d = prepare(spec(true, ", validation_fraction: 0.2"));
    Standardizer st = Standardizer.fit(raw.train());
    assertEquals(st.apply(raw.validation()).fingerprint(), d.validation().fingerprint());
    assertEquals(st.apply(raw.test()).fingerprint(), d.test().fingerprint());
  }

  @Test
  void badFractionsFailAtTheKey() {
    SpecException e = assertThrows(SpecException.class, () -> spec(true, ", validation_fraction: 1.5"));
    assertTrue(e.getMessage().contains("data.validation_fraction") && e.getMessage().contains("1.5"),
        e.getMessage());
    SpecException f = assertThrows(SpecException.class, () -> Catalog.reader().read("f.yaml", String.join("\n",
        "data: {source: rotated-patched-digits, validation_fraction: 0.2, options: {silos: 4}}",
        "model: {type: softmax}",
        "federated: {rounds: 1, strategies: [{kind: fedavg}]}",
        ""), List.of()));
    assertTrue(f.getMessage().contains("data.validation_fraction") && f.getMessage().contains("federated.split"
        + ".validation"), f.getMessage());
  }
}
