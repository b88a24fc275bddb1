package org.probity.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code privacy:} section of central specs: defaults, merging into variants (noise and
 * epsilon replace each other, {@code privacy: false} opts out), the round trip through the
 * resolved spec, and the exact, located wording of every rejection.
 */
class PrivacySpecTest {
  static final String SPEC = String.join("\n",
      "name: dp-digits",
      "data: {source: digits}",
      "model: {type: softmax}",
      "train: {epochs: 3, batch_size: 32}",
      "privacy:",
      "  clip: 1.0",
      "  epsilon: 1",
      "variants:",
      "  - name: erm",
      "    privacy: false",
      "  - name: dp-eps1",
      "  - name: dp-sigma",
      "    privacy: {noise: 0.7, delta: 1e-6, sample_rate: 0.02, budget: 3}",
      "");

  static LoadedSpec read(String text, String... sets) {
    return SpecReaderTest.READER.read("spec.yaml", text, List.of(sets));
  }

  static String error(String text, String... sets) {
    return assertThrows(SpecException.class, () -> read(text, sets)).getMessage();
  }

  /** A one-variant private spec with the given privacy section (flow style). */
  static String single(String privacy) {
    return String.join("\n", "data: {source: digits}", "train: {steps: 10, batch_size: 32}", "privacy: " + privacy, "");
  }

  @Test
  void readsDefaultsAndMergesIntoVariants() {
    ExperimentSpec s = read(SPEC).spec();
    assertEquals(3, s.variants().size());
    assertNull(s.variants().get(0).privacy(), "privacy: false opts a variant out");
    assertFalse(s.variants().get(0).isPrivate());
    assertEquals(new PrivacySection(1.0, null, 1.0, 1e-5, null, null), s.variants().get(1).privacy(),
        "inherited whole, δ defaulted to 1e-5, q left to batch_size / n");
    assertEquals(new PrivacySection(1.0, 0.7, null, 1e-6, 0.02, 3.0), s.variants().get(2).privacy(),
        "noise replaces the inherited epsilon; clip still inherited");
  }

  @Test
  void aSpecWithoutVariantsIsOnePrivateVariant() {
    ExperimentSpec s = read(single("{clip: 0.5, noise: 1.1}")).spec();
    assertEquals(1, s.variants().size());
    assertEquals(new PrivacySection(0.5, 1.1, null, 1e-5, null, null), s.variants().get(0).privacy());
    assertNull(read(single("false")).spec().variants().get(0).privacy());
  }

  @Test
  void overridesReachThePrivacySection() {
    ExperimentSpec s = read(SPEC, "variants.dp-eps1.privacy.epsilon=4", "privacy.clip=2").spec();
    assertEquals(new PrivacySection(2.0, null, 4.0, 1e-5, null, null), s.variants().get(1).privacy());
    assertEquals(2.0, s.variants().get(2).privacy().clip());
  }

  @Test
  void theResolvedSpecReadsBackEqual() {
    LoadedSpec loaded = read(SPEC);
    String yaml = SpecWriter.write(loaded.spec(), "resolved");
    assertTrue(yaml.contains("privacy:"), yaml);
    ExperimentSpec back = SpecReaderTest.READER.read("spec.yaml", yaml, List.of()).spec();
    assertEquals(loaded.spec(), back);
    // And once more: the written form is a fixed point.
    assertEquals(yaml, SpecWriter.write(back, "resolved"));
    ExperimentSpec one = read(single("{clip: 0.5, noise: 1.1, budget: 2}")).spec();
    assertEquals(one, SpecReaderTest.READER.read("s.yaml", SpecWriter.write(one), List.of()).spec());
  }

  @Test
  void nonPrivateSpecsAreWrittenAsBefore() {
    String yaml = SpecWriter.write(SpecReaderTest.read(SpecReaderTest.SPEC).spec());
    assertFalse(yaml.contains("privacy"), yaml);
  }

  @Test
  void rejectsANoiseMultiplierThatIsNotPositive() {
    assertEquals("spec.yaml:3:29: privacy.noise: expected a noise multiplier σ > 0, got 0",
        error(single("{clip: 1.0, noise: 0}")));
    assertEquals("spec.yaml:3:29: privacy.noise: expected a noise multiplier σ > 0, got -1.5",
        error(single("{clip: 1.0, noise: -1.5}")));
  }

  @Test
  void rejectsASampleRateOutsideZeroToOne() {
    assertEquals("spec.yaml:3:45: privacy.sample_rate: expected a sample rate q in (0, 1], got 0",
        error(single("{clip: 1.0, noise: 1, sample_rate: 0}")));
    assertEquals("spec.yaml:3:45: privacy.sample_rate: expected a sample rate q in (0, 1], got 1.5",
        error(single("{clip: 1.0, noise: 1, sample_rate: 1.5}")));
    read(single("{clip: 1.0, noise: 1, sample_rate: 1}"));
  }

  @Test
  void rejectsADeltaOutsideTheOpenUnitInterval() {
    for (String d : List.of("0", "1", "-0.1", "2")) {
      assertEquals("spec.yaml:3:39: privacy.delta: expected a δ strictly between 0 and 1 (e.g. 1e-5), got " + d,
          error(single("{clip: 1.0, noise: 1, delta: " + d + "}")));
    }
  }

  @Test
  void rejectsABudgetOfZero() {
    assertEquals("spec.yaml:3:40: privacy.budget: expected a budget ε > 0 (a budget of zero allows no private"
        + " step), got 0", error(single("{clip: 1.0, noise: 1, budget: 0}")));
    assertEquals("spec.yaml:3:31: privacy.epsilon: expected a target ε > 0, got 0",
        error(single("{clip: 1.0, epsilon: 0}")));
  }

  @Test
  void requiresClipAndExactlyOneOfNoiseAndEpsilon() {
    assertEquals("spec.yaml:3:10: privacy.clip: required: the per-example gradient norm bound C, e.g. clip: 1.0",
        error(single("{noise: 1}")));
    assertEquals("spec.yaml:3:17: privacy.clip: expected a positive number, got 0",
        error(single("{clip: 0, noise: 1}")));
    assertEquals("spec.yaml:3:10: privacy.noise: required: the noise multiplier σ (e.g. noise: 1.0), or instead a"
        + " target privacy.epsilon (e.g. epsilon: 1)", error(single("{clip: 1}")));
    assertEquals("spec.yaml:3:39: privacy.epsilon: give either privacy.noise (σ) or privacy.epsilon (a target ε; σ is"
        + " then calibrated over the run's steps), not both", error(single("{clip: 1, noise: 1, epsilon: 1}")));
  }

  @Test
  void rejectsWhatDpSgdCannotTrain() {
    String tilted = String.join("\n", "data: {source: digits}", "objective: {kind: tilted, t: -1}",
        "privacy: {clip: 1, noise: 1}", "");
    assertEquals("spec.yaml:3:10: privacy: DP-SGD clips each example's gradient of the mean loss, so a private"
        + " variant needs objective kind erm, got tilted (set privacy: false for it, or objective: {kind: erm})",
        error(tilted));
    assertEquals("spec.yaml:3:10: privacy: expected a section such as {clip: 1.0, epsilon: 1}, or false for a"
        + " non-private variant, got 1", error(single("1")));
    assertEquals("spec.yaml:3:32: unknown key 'privacy.nois'; did you mean 'noise'?",
        error(single("{clip: 1, epsilon: 1, nois: 2}")));
    assertEquals("spec.yaml:13:15: unknown key 'variants[2].privacy.sigma' (valid keys: clip, noise, epsilon,"
        + " delta, sample_rate, budget)", error(SPEC.replace("noise: 0.7", "sigma: 0.7")));
  }

  @Test
  void aMisspeltSectionSuggestsPrivacyAndFederatedRunsPointElsewhere() {
    assertEquals("spec.yaml:3:1: unknown key 'privcy'; did you mean 'privacy'?",
        error(single("{clip: 1}").replace("privacy:", "privcy:")));
    String fed = String.join("\n", "data: {source: digits}", "privacy: {clip: 1, noise: 1}",
        "federated: {strategies: [{name: fedavg, kind: fedavg}]}", "");
    assertEquals("spec.yaml:2:10: privacy: not used with federated: set federated.privacy instead (sample-level"
        + " DP-SGD in each silo, or client-level DP-FedAvg)", error(fed));
  }
}
