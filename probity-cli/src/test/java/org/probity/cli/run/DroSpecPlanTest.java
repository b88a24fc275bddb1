package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.core.data.Dataset;
import org.probity.core.dro.BitrateDro;
import org.probity.core.dro.CvarDro;
import org.probity.core.dro.GroupDro;
import org.probity.tensor.Rng;

/**
 * The DRO kinds built from a spec: each variant gets its own objective (Group DRO's weights and
 * BR-DRO's adversary are per-run state) with the spec's settings, the spurious-groups generator
 * makes a flipped, skewed training split and a clean test split balanced over its four groups, and
 * the example spec examples/dro-spurious-groups.yaml prepares.
 */
class DroSpecPlanTest {
  static final String SPEC = String.join("\n",
      "data: {source: spurious-groups, options: {train_size: 200, test_size: 400, agreement: 0.9, flip_rate: 0.1}}",
      "model: {type: logistic}",
      "train: {steps: 5, batch_size: 20}",
      "variants:",
      "  - name: cvar",
      "    objective: {kind: cvar-dro, alpha: 0.3}",
      "  - name: g1",
      "    objective: {kind: group-dro, step: 0.5}",
      "  - name: g2",
      "    objective: {kind: group-dro, step: 0.5}",
      "  - name: br1",
      "    objective: {kind: bitrate-dro, gamma: 2, z_dim: 3, adversary_lr: 0.02}",
      "  - name: br2",
      "    objective: {kind: bitrate-dro, gamma: 2, z_dim: 3, adversary_lr: 0.02}",
      "");

  @Test
  void everyVariantGetsItsOwnObjectiveWithTheSpecsSettings() {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC, List.of());
    ExperimentData data = ExperimentData.prepare(loaded, new Rng(1).derive("data"), false);
    VariantPlan[] plans = new VariantPlan[5];
    for (int i = 0; i < 5; i++) {
      plans[i] = VariantPlan.build(loaded, i, data, new Rng(1).derive("model"), 7L);
      assertNull(plans[i].objective().batches(), "the DRO kinds use the trainer's own batches");
    }
    assertEquals(0.3, assertInstanceOf(CvarDro.class, plans[0].objective().objective()).alpha());
    GroupDro g1 = assertInstanceOf(GroupDro.class, plans[1].objective().objective());
    assertEquals(4, g1.numGroups());
    assertEquals(0.5, g1.step());
    assertNotSame(g1, plans[2].objective().objective(), "Group DRO's weights belong to one run");
    BitrateDro b1 = assertInstanceOf(BitrateDro.class, plans[3].objective().objective());
    assertEquals(new BitrateDro.Config(0.2, 2, 3, 0.02, 1), b1.config());
    assertEquals(3, b1.adversary().zDim());
    BitrateDro b2 = assertInstanceOf(BitrateDro.class, plans[4].objective().objective());
    assertNotSame(b1, b2, "BR-DRO's adversary belongs to one run");
    // Same spec, same seeds: the two adversaries start alike, so variants differ only by their settings.
    assertEquals(List.copyOf(b1.adversary().params().byName().keySet()),
        List.copyOf(b2.adversary().params().byName().keySet()));
    b1.adversary().params().byName().forEach((k, t) ->
        assertTrue(java.util.Arrays.equals(t.data(), b2.adversary().params().byName().get(k).data()), k));
  }

  @Test
  void spuriousGroupsSkewsTrainingAndBalancesTheTestSplit() {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC, List.of());
    ExperimentData data = ExperimentData.prepare(loaded, new Rng(1).derive("data"), false);
    Dataset train = data.train();
    Dataset test = data.test();
    assertEquals(200, train.size());
    assertEquals(400, test.size());
    assertEquals(17, train.exampleShape().size(), "5 core, 2 spurious and 10 nuisance features");
    int[] trainCount = counts(train.groups());
    int[] testCount = counts(test.groups());
    // Observed groups 2y + s: (s = y) rows are 90% before flips; the flips move 10% of rows across y.
    int agreeing = trainCount[0] + trainCount[3];
    assertTrue(agreeing >= 180 - 20 && agreeing <= 180 + 20, java.util.Arrays.toString(trainCount));
    assertEquals(List.of(100, 100, 100, 100), java.util.Arrays.stream(testCount).boxed().toList(),
        "balanced and clean");
  }

  @Test
  void badGeneratorOptionsAreBadInputAtDataOptions() {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC.replace("agreement: 0.9", "agreement: 1.5"),
        List.of());
    SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
        () -> ExperimentData.prepare(loaded, new Rng(1).derive("data"), false));
    assertTrue(e.getMessage().contains("data.options: spurious groups: agreement must be in [0, 1], got 1.5"),
        e.getMessage());
  }

  @Test
  void theExampleSpecPrepares() throws Exception {
    Path p = Path.of("..", "examples", "dro-spurious-groups.yaml");
    LoadedSpec loaded = Catalog.reader().read(p.toString(), Files.readString(p), List.of());
    ExperimentRunner.Prepared prepared = ExperimentRunner.prepare(loaded);
    assertEquals(4, prepared.data().train().numGroups());
    assertEquals(List.of("erm", "cvar-dro(alpha=0.2)", "group-dro(step=0.01)", "bitrate-dro(alpha=0.2, gamma=0.1)"),
        loaded.spec().variants().stream().map(v -> v.objective().label()).toList());
  }

  private static int[] counts(int[] groups) {
    int[] c = new int[4];
    for (int g : groups) {
      c[g]++;
    }
    return c;
  }
}
