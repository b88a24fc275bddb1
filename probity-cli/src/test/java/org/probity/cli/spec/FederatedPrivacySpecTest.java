package org.probity.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code federated.privacy}: both levels, defaults, the round trip, --set, and every bad value located. */
class FederatedPrivacySpecTest {
  static final String SAMPLE = FederatedSpecTest.MINIMAL + "  privacy: {level: sample, epsilon: 1, clip: 1.0}\n";
  static final String CLIENT = FederatedSpecTest.MINIMAL.replace("{kind: local}", "{kind: fedprox}")
      + "  clients_per_round: {poisson: 0.5}\n  privacy: {level: client, noise: 1.1, clip: 0.5, delta: 1e-3}\n";

  @Test
  void bothLevelsReadWithTheirDefaults() {
    FederatedPrivacy s = FederatedSpecTest.read(SAMPLE).spec().federated().privacy();
    assertEquals(new FederatedPrivacy("sample", null, 1.0, 1e-5, 1.0, "poisson", null), s);
    assertTrue(s.sampleLevel() && s.calibrated());
    FederatedPrivacy c = FederatedSpecTest.read(CLIENT).spec().federated().privacy();
    assertEquals(new FederatedPrivacy("client", 1.1, null, 1e-3, 0.5, null, null), c);
    assertNull(FederatedSpecTest.read(FederatedSpecTest.MINIMAL).spec().federated().privacy());
    FederatedPrivacy all = FederatedSpecTest.read(FederatedSpecTest.MINIMAL + "  privacy: {level: sample, noise: 0.8,"
        + " clip: 2, batching: shuffled, selection_epsilon: 0.05}\n").spec().federated().privacy();
    assertEquals(new FederatedPrivacy("sample", 0.8, null, 1e-5, 2.0, "shuffled", 0.05), all);
  }

  @Test
  void theWrittenSpecReadsBackEqualAndSetReachesIt() {
    for (String text : List.of(SAMPLE, CLIENT)) {
      ExperimentSpec first = FederatedSpecTest.read(text).spec();
      String yaml = SpecWriter.write(first, "resolved");
      assertEquals(first, FederatedSpecTest.READER.read("resolved.yaml", yaml, List.of()).spec(), yaml);
      assertTrue(yaml.contains("privacy:"), yaml);
    }
    FederatedPrivacy p = FederatedSpecTest.read(SAMPLE, "federated.privacy.epsilon=0.5",
        "federated.privacy.delta=1e-6").spec().federated().privacy();
    assertEquals(0.5, p.epsilon());
    assertEquals(1e-6, p.delta());
  }

  @Test
  void badValuesFailAtTheirPath() {
    String base = FederatedSpecTest.MINIMAL + "  privacy: ";
    assertTrue(err(base + "{epsilon: 1, clip: 1}").contains("federated.privacy.level: required: sample"));
    assertTrue(err(base + "{level: silo, epsilon: 1, clip: 1}").contains("federated.privacy.level"));
    assertTrue(err(base + "{level: sample, epsilon: 1}").contains("federated.privacy.clip: required"));
    assertTrue(err(base + "{level: sample, noise: 0, clip: 1}").contains("federated.privacy.noise: expected a noise"
        + " multiplier σ > 0"));
    assertTrue(err(base + "{level: sample, noise: -1, clip: 1}").contains("got -1"));
    assertTrue(err(base + "{level: sample, epsilon: 0, clip: 1}").contains("federated.privacy.epsilon: expected a"
        + " target ε > 0, got 0"));
    assertTrue(err(base + "{level: client, epsilon: -2, clip: 1}").contains("got -2"));
    assertTrue(err(base + "{level: sample, epsilon: 1, noise: 1, clip: 1}").contains("not both"));
    assertTrue(err(base + "{level: sample, clip: 1}").contains("federated.privacy.epsilon: required"));
    assertTrue(err(base + "{level: sample, epsilon: 1, clip: 0}").contains("federated.privacy.clip: expected a"
        + " positive number, got 0"));
    assertTrue(err(base + "{level: sample, epsilon: 1, clip: 1, delta: 1}").contains("federated.privacy.delta"));
    assertTrue(err(base + "{level: client, epsilon: 1, clip: 1, batching: poisson}").contains(
        "federated.privacy.batching: not used by privacy level client"));
    assertTrue(err(base + "{level: sample, epsilon: 1, clip: 1, batchign: poisson}").contains(
        "unknown key 'federated.privacy.batchign'"));
  }

  private static String err(String text) {
    return FederatedSpecTest.error(text + "\n");
  }
}
