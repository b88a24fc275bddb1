package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.run.Json;

/**
 * {@code probity audit mia} end to end on a small run made by {@code probity run}: each attack
 * writes an audit folder whose numbers agree with what it printed, a private variant is compared
 * with its accountant's ε (and never contradicts it), canaries are attacked instead of the training
 * data, and every kind of bad input is refused with exit 2 before anything is trained or written.
 */
class AuditCommandTest {
  static final String SPEC = String.join("\n",
      "name: audit-cli",
      "seed: 3",
      "data: {source: digits}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.5}",
      "train: {steps: 60, batch_size: 64, eval_every: 30, log_every: 30}",
      "variants:",
      "  - name: erm",
      "  - name: dp",
      "    privacy: {clip: 1.0, epsilon: 4}",
      "");

  /** A private federation: four silos, each running DP-SGD at ε = 4. */
  static final String FEDERATED = String.join("\n",
      "name: audit-cli-federated",
      "seed: 2",
      "data: {source: rotated-patched-digits, options: {silos: 4}, standardize: false}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.1}",
      "federated:",
      "  rounds: 3",
      "  batch_size: 32",
      "  strategies: [{kind: fedavg}]",
      "  privacy: {level: sample, epsilon: 4, delta: 1e-5, clip: 1.0}",
      "");

  @TempDir
  static Path tmp;
  static Path run;
  static Path federated;

  @BeforeAll
  static void runOnce() throws IOException {
    run = runSpec("audit-cli", SPEC);
    federated = runSpec("audit-cli-federated", FEDERATED);
  }

  private static Path runSpec(String name, String text) throws IOException {
    Path spec = tmp.resolve(name + ".yaml");
    Files.writeString(spec, text);
    Path runs = tmp.resolve("runs-" + name);
    Cli r = Cli.run("run", spec.toString(), "--out", runs.toString());
    assertEquals(0, r.code, r.toString());
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  static JsonNode audit(Cli c) throws IOException {
    String line = c.out().lines().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow();
    Path report = Path.of(line.substring("wrote ".length()));
    assertTrue(Files.exists(report), report.toString());
    assertTrue(Files.exists(report.resolveSibling("roc.csv")));
    return Json.MAPPER.readTree(Files.readString(report.resolveSibling("audit.json")));
  }

  @Test
  void aThresholdAuditOfTheTrainingDataWritesItsFolder() throws IOException {
    Cli c = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "threshold", "--variant", "erm");
    assertEquals(0, c.code, c.toString());
    JsonNode a = audit(c);
    assertEquals("threshold", a.get("attack").asText());
    assertEquals("training data", a.get("population").asText());
    JsonNode m = Json.MAPPER.readTree(Files.readString(run.resolve("membership.json")));
    assertEquals(m.get("members").get("rows").asInt(), a.get("members").asInt(), a.toString());
    assertEquals(m.get("non_members").get("rows").asInt(), a.get("non_members").asInt(), a.toString());
    assertTrue(c.out().contains("no guarantee to compare against"), c.out());
    assertTrue(Files.isDirectory(run.resolve("audits").resolve("threshold-1")), "the default folder");
  }

  @Test
  void aPrivateVariantIsComparedWithItsAccountant() throws IOException {
    Path out = tmp.resolve("dp-lira");
    Cli c = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "lira", "--variant", "dp", "--shadows", "2",
        "--out", out.toString());
    assertEquals(0, c.code, c.toString());
    JsonNode a = audit(c);
    assertEquals(4.0, a.get("accountant").get("epsilon").asDouble(), 0.01, a.toString());
    double lower = a.get("empirical_epsilon").get("epsilon").asDouble();
    assertTrue(lower >= 0 && lower <= 4.0, "empirical ε " + lower + " against the accountant's 4");
    assertEquals(2, a.get("shadows").asInt());
    assertTrue(c.out().contains("the accountant guarantees"), c.out());
  }

  @Test
  void canariesAreAttackedInsteadOfTheTrainingData() throws IOException {
    Cli c = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "threshold", "--variant", "erm",
        "--canaries", "300", "--fpr", "0.01");
    assertEquals(0, c.code, c.toString());
    JsonNode a = audit(c);
    assertEquals("300 canaries", a.get("population").asText());
    assertEquals(150, a.get("members").asInt());
    assertEquals(150, a.get("non_members").asInt());
    // Without privacy, 150 mislabeled rows among ~1400 are memorised enough for the loss to tell
    // many of them apart: an audit that could not see this would be blind.
    assertTrue(a.get("auroc").asDouble() > 0.6, a.toString());
  }

  @Test
  void theQuantileAttackFitsOnHalfTheHeldOutRows() throws IOException {
    Cli c = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "quantile", "--variant", "erm");
    assertEquals(0, c.code, c.toString());
    JsonNode a = audit(c);
    JsonNode m = Json.MAPPER.readTree(Files.readString(run.resolve("membership.json")));
    int heldOut = m.get("non_members").get("rows").asInt();
    assertEquals(heldOut - heldOut / 2, a.get("non_members").asInt(), "the other half fits the quantile model");
    assertEquals(m.get("members").get("rows").asInt(), a.get("members").asInt());
  }

  @Test
  void aPrivateFederationIsAuditedOnItsGlobalModelAndWithCanaries() throws IOException {
    Cli c = Cli.run("audit", "mia", "--run", federated.toString(), "--attack", "lira", "--shadows", "2",
        "--canaries", "200", "--fpr", "0.05");
    assertEquals(0, c.code, c.toString());
    assertTrue(c.out().contains("strategy fedavg"), c.out());
    JsonNode a = audit(c);
    assertEquals("200 canaries", a.get("population").asText());
    assertEquals(4.0, a.get("accountant").get("epsilon").asDouble(), 0.01, a.toString());
    assertTrue(a.get("accountant").get("guarantee").asText().contains("silo"), a.toString());
    assertTrue(a.get("empirical_epsilon").get("epsilon").asDouble() <= 4.0, a.toString());
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsTrained() throws IOException {
    Cli few = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "threshold", "--canaries", "300");
    assertEquals(2, few.code, few.toString());
    assertTrue(few.err().contains("--canaries 300 leaves 150 non-member canaries") && few.err().contains("0.1%"),
        few.err());
    Cli attack = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "shadow");
    assertEquals(2, attack.code);
    assertTrue(attack.err().contains("--attack shadow is not one of threshold, quantile, lira"), attack.err());
    Cli shadows = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "lira", "--shadows", "3");
    assertEquals(2, shadows.code);
    assertTrue(shadows.err().contains("--shadows 3"), shadows.err());
    Cli fpr = Cli.run("audit", "mia", "--run", run.toString(), "--attack", "threshold", "--fpr", "0.001");
    assertEquals(2, fpr.code);
    assertTrue(fpr.err().contains("too few to measure the TPR at 0.1% FPR"), fpr.err());
    Cli missing = Cli.run("audit", "mia", "--run", tmp.resolve("nope").toString(), "--attack", "threshold");
    assertEquals(2, missing.code);
    // A run from before membership was saved.
    Path old = tmp.resolve("old-run");
    copy(run, old);
    Files.delete(old.resolve("membership.json"));
    Cli noMembership = Cli.run("audit", "mia", "--run", old.toString(), "--attack", "threshold");
    assertEquals(2, noMembership.code, noMembership.toString());
    assertTrue(noMembership.err().contains("membership.json"), noMembership.err());
    assertFalse(Files.exists(old.resolve("audits")), "nothing written for a refused audit");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        if (from.relativize(p).startsWith("audits")) {
          continue; // other tests' audits of the run
        }
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }
}
