package org.probity.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code federated:} section: defaults, each kind's own keys, the rejections (each located
 * and naming its path), {@code --set} on it, and the round trip through {@link SpecWriter}.
 */
class FederatedSpecTest {
  static final Vocabulary VOCAB = Vocabulary.of(List.of("digits"),
      Map.of("rotated-patched-digits", Map.of("silos", 12)));
  static final SpecReader READER = new SpecReader(VOCAB);

  static final String MINIMAL = String.join("\n",
      "data: {source: rotated-patched-digits}",
      "federated:",
      "  strategies:",
      "    - {kind: local}",
      "    - {name: avg, kind: fedavg}",
      "");

  /** Every kind with some of its settings, faults and a sampled cohort. */
  static final String FULL = String.join("\n",
      "name: all-kinds",
      "seed: 5",
      "data: {source: digits, standardize: true}",
      "model: {type: mlp, hidden: [16]}",
      "optimizer: {name: sgd, lr: 0.05, momentum: 0.5}",
      "federated:",
      "  partition: {kind: dirichlet, clients: 8, alpha: 0.3}",
      "  split: {validation: 0.1, test: 0.2}",
      "  central_test: 0.1",
      "  rounds: 20",
      "  local_epochs: 2",
      "  batch_size: 16",
      "  clients_per_round: {fraction: 0.5}",
      "  evaluate_every: 5",
      "  threads: 3",
      "  faults: {dropout: 0.1, mean_latency_ms: 20, deadline_ms: 50}",
      "  strategies:",
      "    - {kind: fedavg}",
      "    - {kind: fedavgm, momentum: 0.8}",
      "    - {kind: fedprox, mu: 0.1}",
      "    - {kind: fedadam, betas: [0.8, 0.9]}",
      "    - {kind: fedyogi, server_lr: 0.02}",
      "    - {kind: fedadagrad}",
      "    - {kind: fedmedian}",
      "    - {kind: local}",
      "    - {kind: finetune, epochs: 3, last_layer: true, lr: 0.01}",
      "    - {name: ditto-1, kind: ditto, lambda: 1}",
      "    - {kind: mrmtl}",
      "    - {kind: ifca, clusters: 2}",
      "    - {kind: qffl, q: 2}",
      "    - {kind: tilted, t: 0.5}",
      "    - {name: tilted-h, kind: tilted, t: 1, inner_t: -2}",
      "    - {kind: maxfl, sharpness: 2}",
      "    - {kind: bgl, zeta: 0.4, groups: [1]}",
      "");

  static LoadedSpec read(String text, String... sets) {
    return READER.read("spec.yaml", text, List.of(sets));
  }

  static String error(String text, String... sets) {
    return assertThrows(SpecException.class, () -> read(text, sets)).getMessage();
  }

  static StrategySection strategy(ExperimentSpec s, String name) {
    return s.federated().strategies().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aMinimalSectionGetsEveryDefault() {
    ExperimentSpec s = read(MINIMAL).spec();
    FederatedSection f = s.federated();
    assertTrue(s.isFederated());
    assertEquals(List.of(), s.variants());
    assertNull(s.train());
    assertEquals(ObjectiveSection.ERM, s.objective());
    assertTrue(!s.data().standardize(), "no pooled statistics by default");
    assertEquals(PartitionSection.NATURAL, f.partition());
    assertEquals(new FederatedSection.Split(0.15, 0.15), f.split());
    assertEquals(0.0, f.centralTest());
    assertEquals(30, f.rounds());
    assertEquals(1, f.localEpochs());
    assertEquals(10, f.batchSize());
    assertEquals(ClientsPerRound.ALL, f.clientsPerRound());
    assertEquals(1, f.evaluateEvery());
    assertEquals(Runtime.getRuntime().availableProcessors(), f.threads());
    assertNull(f.faults());
    assertEquals(List.of("local", "avg"), f.strategies().stream().map(StrategySection::name).toList());
    assertEquals(Map.of(), f.strategies().get(0).settings());
    assertEquals("local", f.first("local").name());
    assertNull(f.first("ditto"));
  }

  @Test
  void eachKindTakesItsOwnSettingsWithDefaults() {
    ExperimentSpec s = read(FULL).spec();
    FederatedSection f = s.federated();
    assertEquals(new PartitionSection("dirichlet", 8, 0.3, null, null), f.partition());
    assertEquals(new ClientsPerRound("fraction", 0, 0.5), f.clientsPerRound());
    assertEquals(new FaultsSection(0.1, 20.0, 50.0), f.faults());
    assertEquals(17, f.strategies().size());
    assertEquals(map("server_lr", 1.0, "momentum", 0.8), strategy(s, "fedavgm").settings());
    assertEquals(map("server_lr", 0.01, "betas", List.of(0.8, 0.9), "eps", 1e-3), strategy(s, "fedadam").settings());
    assertEquals(map("server_lr", 0.02, "betas", List.of(0.9, 0.999), "eps", 1e-3, "initial_accumulator", 1e-6),
        strategy(s, "fedyogi").settings());
    assertEquals(map("epochs", List.of(3), "last_layer", true, "lr", 0.01), strategy(s, "finetune").settings());
    assertEquals(map("lambda", 1.0), strategy(s, "ditto-1").settings());
    assertEquals(map("lambda", 0.1), strategy(s, "mrmtl").settings());
    assertEquals(map("clusters", 2, "warm_rounds", 4), strategy(s, "ifca").settings(), "a fifth of 20 rounds");
    assertEquals(map("q", 2.0, "lipschitz", 20.0), strategy(s, "qffl").settings(), "L = 1 / client lr 0.05");
    assertEquals(map("t", 0.5), strategy(s, "tilted").settings());
    assertEquals(map("t", 1.0, "inner_t", -2.0), strategy(s, "tilted-h").settings());
    assertEquals(map("normalised", true, "server_lr", 1.0, "sharpness", 2.0, "local_rounds", 20),
        strategy(s, "maxfl").settings(), "the Local models train as long as the federation");
    assertEquals(map("zeta", 0.4, "bound", 10.0, "dual_step", 1.0, "groups", List.of(1)), strategy(s, "bgl").settings());
    StrategySection ft = read(MINIMAL, "federated.strategies.1.kind=finetune").spec().federated().strategies().get(1);
    assertEquals(map("epochs", List.of(0, 1, 2, 5, 10), "last_layer", false), ft.settings(),
        "Motley's grid; no lr of its own");
  }

  @Test
  void theWrittenSpecReadsBackEqual() {
    for (String text : List.of(MINIMAL, FULL, MINIMAL + "  clients_per_round: 3\n",
        MINIMAL + "  clients_per_round: {poisson: 0.2}\n  faults: {dropout: 0.2}\n",
        MINIMAL.replace("{source: rotated-patched-digits}", "{source: digits, standardize: true}")
            + "  partition: {kind: shards, clients: 5}\n  split: {validation: 0, test: 0.3}\n")) {
      ExperimentSpec first = read(text).spec();
      String yaml = SpecWriter.write(first, "resolved");
      ExperimentSpec second = READER.read("resolved.yaml", yaml, List.of()).spec();
      assertEquals(first, second, yaml);
      assertTrue(!yaml.contains("variants") && !yaml.contains("train:") && !yaml.contains("test_fraction"), yaml);
    }
  }

  @Test
  void setReachesTheFederatedSection() {
    ExperimentSpec s = read(FULL, "federated.rounds=5", "federated.strategies.ditto-1.lambda=0.5",
        "federated.clients_per_round=3", "federated.partition.alpha=2", "federated.faults.deadline_ms=none").spec();
    FederatedSection f = s.federated();
    assertEquals(5, f.rounds());
    assertEquals(0.5, strategy(s, "ditto-1").number("lambda"));
    assertEquals(ClientsPerRound.count(3), f.clientsPerRound());
    assertEquals(2.0, f.partition().alpha());
    assertNull(f.faults().deadlineMs());
    assertEquals(1, strategy(s, "ifca").integer("warm_rounds"), "derived from the overridden rounds");
    assertEquals("--set federated.rounds=0: federated.rounds: expected a positive integer, got 0",
        error(FULL, "federated.rounds=0"));
  }

  @Test
  void unknownKindsAndKeysFailWithTheKindsKeys() {
    assertEquals("spec.yaml:4:14: federated.strategies[0].kind: unknown strategy kind 'fedavgg'; did you mean"
        + " 'fedavg'? (known: fedavg, fedavgm, fedprox, fedadam, fedyogi, fedadagrad, fedmedian, local, finetune,"
        + " ditto, mrmtl, ifca, qffl, tilted, maxfl, bgl)", error(MINIMAL.replace("{kind: local}", "{kind: fedavgg}")));
    assertEquals("spec.yaml:5:33: federated.strategies[1].lambda: not used by kind fedavg (kind fedavg takes: name,"
        + " kind)", error(MINIMAL.replace("kind: fedavg}", "kind: fedavg, lambda: 0.1}")));
    assertEquals("spec.yaml:5:32: unknown key 'federated.strategies[1].lamda'; did you mean 'lambda'? (kind ditto"
        + " takes: name, kind, lambda)", error(MINIMAL.replace("kind: fedavg}", "kind: ditto, lamda: 0.1}")));
    assertEquals("spec.yaml:4:7: federated.strategies[0].kind: required: the strategy's kind (one of fedavg, fedavgm,"
        + " fedprox, fedadam, fedyogi, fedadagrad, fedmedian, local, finetune, ditto, mrmtl, ifca, qffl, tilted, maxfl, bgl)",
        error(MINIMAL.replace("{kind: local}", "{name: x}")));
    assertEquals("spec.yaml:6:30: federated.partition.clients: not used by partition kind natural (partition kind"
        + " natural takes: kind) (natural keeps the data's own clients)",
        error(MINIMAL + "  partition: {kind: natural, clients: 4}\n"));
    assertEquals("spec.yaml:6:21: federated.partition.kind: unknown partition kind 'dirichlett'; did you mean"
        + " 'dirichlet'? (known: natural, iid, dirichlet, quantity, shards)",
        error(MINIMAL + "  partition: {kind: dirichlett}\n"));
    assertEquals("spec.yaml:6:3: unknown key 'federated.round'; did you mean 'rounds'?", error(MINIMAL + "  round: 3\n"));
  }

  @Test
  void strategyNamesAreUniqueAndFileSafe() {
    assertEquals("spec.yaml:5:7: federated.strategies[1].name: duplicate strategy name 'local' (the kind is the"
        + " default name); give each strategy its own name", error(MINIMAL.replace("{name: avg, kind: fedavg}",
        "{kind: local}")));
    assertEquals("spec.yaml:5:14: federated.strategies[1].name: duplicate strategy name 'local'; give each strategy"
        + " its own name", error(MINIMAL.replace("name: avg", "name: local")));
    assertTrue(error(MINIMAL.replace("name: avg", "name: a/b")).startsWith(
        "spec.yaml:5:14: federated.strategies[1].name: expected a name of letters, digits"));
  }

  @Test
  void centralOnlyKeysAreRejectedWithFederated() {
    assertEquals("spec.yaml:7:3: variants: not used with federated: the strategies under federated.strategies are"
        + " the arms compared (give each setting to compare its own strategy)", error(MINIMAL + "variants:\n  - name: a\n"));
    assertEquals("spec.yaml:1:55: data.test_fraction: not used with federated: every client's test split is"
        + " federated.split.test, and the server's held-out share is federated.central_test",
        error(MINIMAL.replace("rotated-patched-digits}", "rotated-patched-digits, test_fraction: 0.2}")));
    assertTrue(error(MINIMAL.replace("rotated-patched-digits}", "rotated-patched-digits, label_noise: {rate: 0.2}}"))
        .startsWith("spec.yaml:1:53: data.label_noise: not used with federated:"));
    assertTrue(error(MINIMAL + "train: {epochs: 3}\n").startsWith("spec.yaml:6:8: train: not used with federated: set"
        + " federated.rounds"));
    assertEquals("spec.yaml:6:19: objective.kind: federated clients minimise their mean loss: expected erm, got"
        + " 'tilted'", error(MINIMAL + "objective: {kind: tilted, t: -1}\n"));
    assertTrue(error(MINIMAL + "optimizer: {schedule: {kind: cosine}}\n").contains("optimizer.schedule.kind: the"
        + " clients' optimizer starts afresh every round"));
    assertEquals("spec.yaml:2:3: federated.strategies: required: the strategies to compare, e.g. strategies:"
        + " [{name: fedavg, kind: fedavg}, {name: local, kind: local}] (kinds: fedavg, fedavgm, fedprox, fedadam,"
        + " fedyogi, fedadagrad, fedmedian, local, finetune, ditto, mrmtl, ifca, qffl, tilted, maxfl, bgl)",
        error("federated:\n  rounds: 3\n"));
  }

  @Test
  void valuesAreCheckedWithTheirPath() {
    assertEquals("spec.yaml:6:22: federated.clients_per_round: expected all, a number of clients (e.g. 10),"
        + " {fraction: 0.1} or {poisson: 0.1}, got 'some'", error(MINIMAL + "  clients_per_round: some\n"));
    assertEquals("spec.yaml:6:33: federated.clients_per_round.fraction: expected a number in (0, 1], got 1.5",
        error(MINIMAL + "  clients_per_round: {fraction: 1.5}\n"));
    assertTrue(error(MINIMAL + "  clients_per_round: {fraction: 0.1, poisson: 0.1}\n").contains(
        "(exactly one of fraction and poisson)"));
    assertEquals("spec.yaml:6:34: federated.split.test: validation 0.5 plus test 0.5 leaves no training data;"
        + " expected a sum below 1 (Motley: 0.15 and 0.15)", error(MINIMAL + "  split: {validation: 0.5, test: 0.5}\n"));
    assertEquals("spec.yaml:5:40: federated.strategies[1].lambda: expected a number >= 0, got -1",
        error(MINIMAL.replace("kind: fedavg}", "kind: ditto, lambda: -1}")));
    assertEquals("spec.yaml:5:7: federated.strategies[1].zeta: required by kind bgl: the bound on each group's mean"
        + " train loss, e.g. zeta: 0.5 (a bound no model reaches is reported as infeasible)",
        error(MINIMAL.replace("kind: fedavg}", "kind: bgl}")));
    assertEquals("spec.yaml:5:47: federated.strategies[1].epochs: expected a list of integers >= 0 such as [64, 32],"
        + " got -1", error(MINIMAL.replace("kind: fedavg}", "kind: finetune, epochs: [0, -1]}")));
    assertEquals("spec.yaml:6:25: federated.faults.deadline_ms: expected a positive number of milliseconds or none,"
        + " got 'never'", error(MINIMAL + "  faults: {deadline_ms: never}\n"));
    assertEquals("spec.yaml:6:17: federated.central_test: expected a number in [0, 1), got 1",
        error(MINIMAL + "  central_test: 1\n"));
  }

  @Test
  void theTableOfKindsMatchesWhatTheReaderTakes() {
    for (StrategyKinds.Kind k : StrategyKinds.all()) {
      String required = k.settings().stream().filter(StrategyKinds.Setting::required)
          .map(x -> ", " + x.key() + ": 1").reduce("", String::concat);
      StrategySection s = read(MINIMAL.replace("{kind: local}", "{kind: " + k.name() + required + "}")).spec()
          .federated().strategies().get(0);
      List<String> expected = new java.util.ArrayList<>(k.keys().subList(2, k.keys().size()));
      expected.remove("lr"); // finetune's optional lr has no default
      expected.remove("inner_t"); // nor has hierarchical tilting's inner tilt
      expected.remove("groups"); // nor BGL's constrained groups (absent: all)
      assertEquals(expected, List.copyOf(s.settings().keySet()), k.name());
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
