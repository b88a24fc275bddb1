package org.probity.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec parsing, defaults, variants and overrides, and the exact wording of validation errors. */
class SpecReaderTest {
  static final Map<String, Object> MIXTURE = new LinkedHashMap<>();

  static {
    MIXTURE.put("n", 2000);
    MIXTURE.put("minority", 0.1);
    MIXTURE.put("dims", 10);
    MIXTURE.put("tag", "x");
    MIXTURE.put("balanced", false);
  }

  static final Vocabulary VOCAB = Vocabulary.of(List.of("digits", "iris"), Map.of("gaussian-mixture", MIXTURE));
  static final SpecReader READER = new SpecReader(VOCAB);

  static final String SPEC = String.join("\n",
      "name: noisy-digits",
      "seed: 7",
      "data:",
      "  source: digits",
      "  label_noise: {kind: uniform, rate: 0.3}",
      "model:",
      "  type: mlp",
      "  hidden: [32]",
      "optimizer:",
      "  name: sgd",
      "  lr: 0.05",
      "train:",
      "  epochs: 3",
      "  batch_size: 16",
      "variants:",
      "  - name: erm",
      "  - name: term",
      "    objective: {kind: tilted, t: -2}",
      "    optimizer: {lr: 0.1}",
      "");

  static LoadedSpec read(String text, String... sets) {
    return READER.read("spec.yaml", text, List.of(sets));
  }

  static String error(String text, String... sets) {
    return assertThrows(SpecException.class, () -> read(text, sets)).getMessage();
  }

  @Test
  void readsSectionsFillsDefaultsAndMergesVariants() {
    ExperimentSpec s = read(SPEC).spec();
    assertEquals("noisy-digits", s.name());
    assertEquals(7, s.seed());
    assertEquals("digits", s.data().source());
    assertEquals(0.25, s.data().testFraction());
    assertEquals(new DataSection.LabelNoise("uniform", 0.3), s.data().labelNoise());
    assertEquals(List.of(32), s.model().hidden());
    assertEquals(0.0, s.model().dropout());
    assertEquals("relu", s.model().activation());
    assertEquals(2, s.variants().size());
    Variant erm = s.variants().get(0);
    Variant term = s.variants().get(1);
    assertEquals("erm", erm.objective().kind());
    assertEquals(0.05, erm.optimizer().lr());
    assertEquals(new ObjectiveSection("tilted", -2.0, null, "minibatch", null), term.objective());
    assertEquals(0.1, term.optimizer().lr());
    assertEquals("sgd", term.optimizer().name(), "merged key by key over the top-level optimizer");
    assertEquals(3, term.train().epochs());
    assertEquals(16, term.train().batchSize());
    assertNull(term.train().steps());
  }

  @Test
  void aVariantThatChangesTheKindReplacesTheSection() {
    String text = "objective: {kind: tilted, t: -1}\noptimizer: {name: momentum, lr: 0.2, momentum: 0.5}\n"
        + "variants:\n  - name: a\n  - name: b\n    objective: {kind: erm}\n    optimizer: {name: adam}\n";
    ExperimentSpec s = read(text).spec();
    assertEquals(new ObjectiveSection("tilted", -1.0, null, "minibatch", null), s.variants().get(0).objective());
    assertEquals(ObjectiveSection.ERM, s.variants().get(1).objective());
    OptimizerSection adam = s.variants().get(1).optimizer();
    assertEquals(0.001, adam.lr(), "adam's own default, not momentum's lr");
    assertNull(adam.momentum());
    assertEquals(List.of(0.9, 0.999), adam.betas());
  }

  @Test
  void withoutVariantsThereIsOneNamedAfterTheObjective() {
    ExperimentSpec s = read("objective: {kind: tilted, t: 1}\n").spec();
    assertEquals(1, s.variants().size());
    assertEquals("tilted", s.variants().get(0).name());
    assertEquals("spec", s.name(), "the file name is the default experiment name");
    assertEquals(10, s.train().epochs());
  }

  @Test
  void anEmptySpecIsAllDefaults() {
    ExperimentSpec s = read("").spec();
    assertEquals("digits", s.data().source());
    assertEquals("softmax", s.model().type());
    assertEquals("erm", s.objective().kind());
    assertEquals("sgd", s.optimizer().name());
  }

  @Test
  void unknownKeyNamesPathLineColumnAndClosestKey() {
    String text = "name: x\ntrain:\n  epochs: 3\n  batchsize: 64\n";
    assertEquals("spec.yaml:4:3: unknown key 'train.batchsize'; did you mean 'batch_size'?", error(text));
    assertEquals("spec.yaml:1:1: unknown key 'optimiser'; did you mean 'optimizer'?", error("optimiser: {lr: 1}\n"));
    String far = error("train:\n  zzzzzz: 1\n");
    assertTrue(far.startsWith("spec.yaml:2:3: unknown key 'train.zzzzzz' (valid keys: epochs, steps, batch_size"), far);
    String inVariant = error("variants:\n  - name: a\n    objective: {kind: tilted, tt: 1, t: 2}\n");
    assertEquals("spec.yaml:3:31: unknown key 'variants[0].objective.tt'; did you mean 't'?", inVariant);
  }

  @Test
  void wrongTypesNameWhatWasExpected() {
    assertEquals("spec.yaml:2:11: train.epochs: expected a positive integer, got 'ten'",
        error("train:\n  epochs: ten\n"));
    assertEquals("spec.yaml:2:15: train.batch_size: expected a positive integer, got 1.5",
        error("train:\n  batch_size: 1.5\n"));
    assertEquals("spec.yaml:1:8: train: expected a section of 'key: value' lines, got 12", error("train: 12\n"));
    assertEquals("spec.yaml:1:1: a spec is a mapping of sections (name:, data:, model:, ...), got a list",
        error("- a\n- b\n"));
    assertEquals("spec.yaml:2:12: model.hidden: expected a list of positive integers such as [64, 32], got 'x'",
        error("model:\n  hidden: [x]\n  type: mlp\n"));
  }

  @Test
  void invalidValuesNameWhatWasExpected() {
    assertEquals("spec.yaml:1:17: optimizer.lr: expected a positive number, got -0.1",
        error("optimizer: {lr: -0.1}\n"));
    assertEquals("spec.yaml:1:30: objective.t: expected a finite number, got .nan (NaN and infinities are not"
        + " allowed)", error("objective: {kind: tilted, t: .nan}\n"));
    assertEquals("spec.yaml:1:16: data.source: unknown dataset 'digts'; did you mean 'digits'? (known: digits, iris,"
        + " gaussian-mixture)", error("data: {source: digts}\n"));
    assertEquals("spec.yaml:1:19: optimizer.name: unknown optimizer 'adamm'; did you mean 'adam'? (known: sgd,"
        + " momentum, nesterov, adam, adamw, rmsprop, adagrad)", error("optimizer: {name: adamm}\n"));
    assertEquals("spec.yaml:1:12: objective.t: required: the tilt, e.g. t: -2 (t < 0 for robustness to outliers,"
        + " t > 0 for fairness)", error("objective: {kind: tilted}\n"));
    assertEquals("spec.yaml:1:27: objective.t: only used by kinds tilted and group-tilted (this objective is erm)",
        error("objective: {kind: erm, t: 1}\n"));
    assertEquals("spec.yaml:1:42: train.steps: give either train.epochs or train.steps, not both",
        error("train: {epochs: 2, batch_size: 4, steps: 9}\n"));
    assertEquals("spec.yaml:3:11: variants[1].name: duplicate variant name 'a'",
        error("variants:\n  - name: a\n  - name: a\n"));
    assertTrue(error("data: {label_noise: {rate: 1.5}}\n").contains("data.label_noise.rate: expected a number in [0, 1), got 1.5"));
    assertTrue(error("name: a\nname: b\n").contains("spec.yaml:2:1: duplicate key 'name' (first at line 1)"));
    assertTrue(error("a: [\n").startsWith("spec.yaml:"), "syntax errors are located too");
  }

  @Test
  void generatorOptionsAreCheckedAgainstTheirDefaults() {
    ExperimentSpec s = read("data:\n  source: gaussian-mixture\n  options: {minority: 0.3, n: 500}\n").spec();
    assertEquals(500, s.data().options().get("n"));
    assertEquals(0.3, s.data().options().get("minority"));
    assertEquals(10, s.data().options().get("dims"), "defaults filled in");
    assertEquals("spec.yaml:3:13: unknown key 'data.options.minorty'; did you mean 'minority'?",
        error("data:\n  source: gaussian-mixture\n  options: {minorty: 0.3}\n"));
    assertEquals("spec.yaml:3:16: data.options.n: expected an integer, got 2.5",
        error("data:\n  source: gaussian-mixture\n  options: {n: 2.5}\n"));
    assertEquals("spec.yaml:3:12: data.options: dataset digits takes no options (only the generators"
        + " gaussian-mixture do)", error("data:\n  source: digits\n  options: {n: 2}\n"));
  }

  @Test
  void modelSettingsAreCheckedByTheModelZoo() {
    assertEquals("spec.yaml:1:32: model.hidden: 'hidden' does not apply to model type softmax; it is a setting of"
        + " mlp and cnn", error("model: {type: softmax, hidden: [3]}\n"));
    assertEquals("spec.yaml:1:15: model.type: unknown model type 'mpl'; did you mean 'mlp'? (known: logistic,"
        + " softmax, linear, linear-svm, mlp, cnn)", error("model: {type: mpl}\n"));
    assertEquals(List.of(128), read("model: {type: mlp}\n").spec().model().hidden());
  }

  @Test
  void setOverridesAnyKeyAndIsCheckedLikeTheFile() {
    ExperimentSpec s = read(SPEC, "optimizer.lr=0.2", "train.epochs=5", "variants.term.objective.t=-1",
        "variants[0].train.batch_size=8", "data.label_noise.rate=0.4", "model.hidden=[16, 8]").spec();
    assertEquals(0.2, s.variants().get(0).optimizer().lr());
    assertEquals(0.1, s.variants().get(1).optimizer().lr(), "the variant's own lr still wins");
    assertEquals(5, s.variants().get(1).train().epochs());
    assertEquals(-1.0, s.variants().get(1).objective().t());
    assertEquals(8, s.variants().get(0).train().batchSize());
    assertEquals(0.4, s.data().labelNoise().rate());
    assertEquals(List.of(16, 8), s.model().hidden());
    assertEquals("--set train.batchsize=3: unknown key 'train.batchsize'; did you mean 'batch_size'?",
        error(SPEC, "train.batchsize=3"));
    assertEquals("--set optimizer.lr=fast: optimizer.lr: expected a positive number, got 'fast'",
        error(SPEC, "optimizer.lr=fast"));
    assertEquals("--set nosuch.key=1: unknown key 'nosuch' (valid keys: name, description, seed, data, model,"
        + " objective, optimizer, train, variants, federated)", error(SPEC, "nosuch.key=1"));
    assertEquals("--set optimizer.lr.x=1: 'optimizer.lr' is a value (0.05), not a section",
        error(SPEC, "optimizer.lr.x=1"));
    assertEquals("--set variants.nope.objective.t=1: 'variants' has no item 'nope' (it has 2 items: index 0..1 or"
        + " name erm, term)", error(SPEC, "variants.nope.objective.t=1"));
    assertEquals("--set lr: expected KEY=VALUE, for example --set optimizer.lr=0.05", error(SPEC, "lr"));
  }

  @Test
  void locationsOfValuesAreKeptForLaterChecks() {
    LoadedSpec l = read(SPEC);
    SpecException e = l.error("variants[1].train.batch_size", "16 is larger than the 10 training examples");
    assertEquals("spec.yaml:14:15: variants[1].train.batch_size: 16 is larger than the 10 training examples",
        e.getMessage());
  }

  @Test
  void theResolvedSpecReadsBackIntoTheSameSpec() {
    String[] texts = {SPEC, "", "optimizer: {name: adamw, clip_norm: 1, schedule: {kind: cosine, warmup_steps: 5}}\n"
        + "data: {source: gaussian-mixture, options: {minority: 0.2, dims: 2}}\n"
        + "objective: {kind: group-tilted, tau: 1, t: -2}\ntrain: {steps: 100}\n",
        "optimizer: {schedule: {kind: step, step_size: 10}}\ndescription: \"a: b\"\n",
        "model: {type: cnn, side: 8}\noptimizer: {name: rmsprop}\nobjective: {kind: tilted, t: -1, solver: stochastic}\n"};
    for (String text : texts) {
      ExperimentSpec s = read(text).spec();
      String yaml = SpecWriter.write(s, "resolved");
      assertEquals(s, READER.read("spec.yaml", yaml, List.of()).spec(), yaml);
    }
  }
}
