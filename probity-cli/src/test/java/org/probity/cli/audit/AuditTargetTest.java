package org.probity.cli.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.BadInputException;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.ExperimentData;
import org.probity.cli.run.ExperimentRunner;
import org.probity.cli.run.Json;
import org.probity.cli.run.Membership;
import org.probity.cli.run.RunFolder;
import org.probity.cli.run.RunStore;
import org.probity.cli.spec.LoadedSpec;
import org.probity.core.data.Dataset;
import org.probity.core.train.Checkpoints;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * A central run saves its training membership and {@link AuditTarget} turns its folder back into
 * an audit's inputs: membership.json's fingerprints are those of the data rebuilt independently
 * from spec.yaml, the loaded model is the checkpoint, the recipe retrained on the run's members
 * from the run's seed gives back the checkpoint bit for bit (plain and DP-SGD variants alike, so it
 * follows the run's own path), a private variant exposes its accountant's ε, and every run that
 * cannot be audited honestly is refused by name.
 */
class AuditTargetTest {
  static final String SPEC = String.join("\n",
      "name: audit-tiny",
      "seed: 5",
      "data: {source: digits}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.5}",
      "train: {steps: 20, batch_size: 64, eval_every: 10, log_every: 10}",
      "privacy: {clip: 1.0, noise: 1.0}",
      "variants:",
      "  - name: erm",
      "    privacy: false",
      "  - name: dp",
      "  - name: unsaved",
      "    privacy: false",
      "    train: {checkpoint: false}",
      "");

  @TempDir
  static Path tmp;
  static Path run;

  @BeforeAll
  static void runOnce() throws IOException {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC, List.of());
    run = new ExperimentRunner(Progress.none(), Clock.systemUTC()).run(loaded, new RunStore(tmp.resolve("runs")))
        .run().dir();
  }

  static JsonNode json(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }

  static void assertSameParams(Params expected, Params actual, String what) {
    assertEquals(expected.names(), actual.names(), what);
    for (String n : expected.names()) {
      assertArrayEquals(expected.get(n).data(), actual.get(n).data(), what + ": " + n);
    }
  }

  @Test
  void membershipPinsTheRowsTheRunTrainedOn() throws IOException {
    JsonNode m = json(run.resolve(RunFolder.MEMBERSHIP));
    JsonNode summary = json(run.resolve(RunFolder.SUMMARY));
    assertEquals(Membership.FORMAT, m.get("format").asText());
    assertEquals("central", m.get("kind").asText());
    assertEquals("train", m.get("members").get("role").asText());
    assertEquals("test", m.get("non_members").get("role").asText());
    assertEquals(summary.get("data").get("train_size").asInt(), m.get("members").get("rows").asInt());
    assertEquals(summary.get("data").get("test_size").asInt(), m.get("non_members").get("rows").asInt());
    assertEquals(1797, m.get("members").get("rows").asInt() + m.get("non_members").get("rows").asInt());
    assertFalse(m.has("clients"));
    // Independently rebuilt from the folder's spec.yaml, the data have the recorded fingerprints.
    LoadedSpec again = Catalog.reader().read("spec.yaml", Files.readString(run.resolve(RunFolder.SPEC)), List.of());
    ExperimentData data = ExperimentRunner.prepare(again).data();
    assertEquals(data.train().fingerprint(), m.get("members").get("fingerprint").asText());
    assertEquals(data.test().fingerprint(), m.get("non_members").get("fingerprint").asText());
    Membership.Saved saved = Membership.read(run.resolve(RunFolder.MEMBERSHIP));
    assertTrue(saved.members().matches(data.train()) && saved.nonMembers().matches(data.test()));
    assertFalse(saved.members().matches(data.test()));
  }

  @Test
  void theTargetIsTheCheckpointAndItsRecipeRetrainsItExactly() throws IOException {
    AuditTarget t = AuditTarget.load(run, "erm");
    assertEquals("erm", t.variant());
    assertEquals(run.getFileName().toString(), t.runId());
    assertFalse(t.federated());
    assertFalse(t.isPrivate());
    assertNull(t.accountantEpsilon());
    assertNull(t.delta());
    assertNull(t.guarantee());
    assertEquals(10, t.classes());
    assertEquals(10, t.members().numClasses());
    assertEquals(10, t.nonMembers().numClasses());
    JsonNode m = json(run.resolve(RunFolder.MEMBERSHIP));
    assertEquals(m.get("members").get("fingerprint").asText(), t.members().fingerprint());
    assertEquals(m.get("non_members").get("fingerprint").asText(), t.nonMembers().fingerprint());
    Params saved = Checkpoints.read(run.resolve("checkpoints/erm.safetensors")).params();
    assertSameParams(saved, t.model().params(), "loaded model");
    Module again = t.recipe().train(t.members(), t.runRng());
    assertSameParams(saved, again.params(), "retrained from the run's seed");
    // Another seed gives another model: the recipe's Rng really is the run's root stream.
    Module other = t.recipe().train(t.members(), new org.probity.tensor.Rng(6));
    assertFalse(java.util.Arrays.equals(saved.flatten().data(), other.params().flatten().data()));
  }

  @Test
  void aPrivateVariantExposesItsGuaranteeAndRetrainsWithTheSameNoise() throws IOException {
    AuditTarget t = AuditTarget.load(run, "dp");
    JsonNode p = null;
    for (JsonNode v : json(run.resolve(RunFolder.SUMMARY)).get("variants")) {
      if (v.get("name").asText().equals("dp")) {
        p = v.get("privacy");
      }
    }
    assertNotNull(p);
    assertTrue(t.isPrivate());
    assertEquals(p.get("epsilon").asDouble(), t.accountantEpsilon());
    assertEquals(1e-5, t.delta());
    assertEquals(p.get("guarantee").asText(), t.guarantee());
    assertTrue(t.accountantEpsilon() > 0);
    Params saved = Checkpoints.read(run.resolve("checkpoints/dp.safetensors")).params();
    assertSameParams(saved, t.model().params(), "loaded model");
    assertSameParams(saved, t.recipe().train(t.members(), t.runRng()).params(), "DP-SGD retrained");
  }

  @Test
  void withoutAVariantTheFirstWithACheckpointIsAudited() throws IOException {
    assertEquals("erm", AuditTarget.load(run, null).variant());
  }

  /** A copy of the run folder to spoil. */
  static Path copy(String name) throws IOException {
    Path to = tmp.resolve("spoiled").resolve(name);
    try (Stream<Path> s = Files.walk(run)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    return to;
  }

  static String refused(Path dir, String variant) {
    return assertThrows(BadInputException.class, () -> AuditTarget.load(dir, variant)).getMessage();
  }

  @Test
  void aRunWithoutMembershipIsRefusedWithWhatToDo() throws IOException {
    Path dir = copy("old");
    Files.delete(dir.resolve(RunFolder.MEMBERSHIP));
    String msg = refused(dir, "erm");
    assertTrue(msg.startsWith("run old has no membership.json: it was made before runs saved training membership"),
        msg);
    assertTrue(msg.contains("run its spec again"), msg);
  }

  @Test
  void dataThatNoLongerMatchTheFingerprintAreRefused() throws IOException {
    Path dir = copy("reseeded");
    Path spec = dir.resolve(RunFolder.SPEC);
    String text = Files.readString(spec);
    assertTrue(text.contains("seed: 5"), text);
    Files.writeString(spec, text.replace("seed: 5", "seed: 7"));
    String msg = refused(dir, "erm");
    assertTrue(msg.startsWith("run reseeded: the members rebuilt from spec.yaml ("), msg);
    assertTrue(msg.contains(json(dir.resolve(RunFolder.MEMBERSHIP)).get("members").get("fingerprint").asText()), msg);
    assertTrue(msg.endsWith("the spec, its seed or the dataset changed since the run"), msg);
  }

  @Test
  void unknownVariantsAndMissingCheckpointsAreRefused() {
    String unknown = refused(run, "nope");
    assertEquals("run " + run.getFileName() + " has no variant or strategy 'nope'; it has erm, dp, unsaved", unknown);
    String unsaved = refused(run, "unsaved");
    assertTrue(unsaved.startsWith("variant unsaved of run " + run.getFileName() + " has no checkpoint"
        + " checkpoints/unsaved.safetensors (it was trained with train.checkpoint: false)"), unsaved);
  }

  @Test
  void onlyCompleteRunFoldersAreAudited() throws IOException {
    Path dir = copy("failed");
    Path summary = dir.resolve(RunFolder.SUMMARY);
    Files.writeString(summary, Files.readString(summary).replace("\"status\" : \"complete\"",
        "\"status\" : \"failed\", \"error\" : \"variant dp: diverged\""));
    assertEquals("run failed failed (variant dp: diverged); only a complete run can be audited", refused(dir, null));
    Files.delete(summary);
    assertTrue(refused(dir, null).startsWith("run failed is incomplete: it has no summary.json"));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals(empty + " is not a run folder: it has no spec.yaml", refused(empty, null));
    assertEquals("run folder " + tmp.resolve("none") + " does not exist", refused(tmp.resolve("none"), null));
  }

  @Test
  void aCheckpointThatDoesNotFitTheSpecsModelIsRefused() throws IOException {
    Path dir = copy("binary");
    // A checkpoint of another architecture does not fit the model the spec builds.
    Path ckpt = dir.resolve("checkpoints/erm.safetensors");
    Params p = Checkpoints.read(ckpt).params();
    java.util.Map<String, org.probity.tensor.Tensor> cut = new java.util.LinkedHashMap<>();
    for (String n : p.names()) {
      org.probity.tensor.Tensor x = p.get(n);
      int[] dims = x.shape().dims().clone();
      dims[dims.length - 1] = 3;
      cut.put(n, org.probity.tensor.Tensor.zeros(dims));
    }
    Checkpoints.save(ckpt, Params.of(cut), 1, null, java.util.Map.of());
    String msg = refused(dir, "erm");
    assertTrue(msg.contains("does not fit the model"), msg);
  }

  @Test
  void regressionRunsAreRefused(@TempDir Path dir) throws IOException {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", String.join("\n", "name: reg", "seed: 1",
        "data: {source: corrupted-regression}", "model: {type: linear}",
        "train: {steps: 2, batch_size: 16}", ""), List.of());
    Path r = new ExperimentRunner(Progress.none(), Clock.systemUTC()).run(loaded, new RunStore(dir)).run().dir();
    String msg = refused(r, null);
    assertTrue(msg.startsWith("run " + r.getFileName() + " is a regression run (corrupted-regression)"), msg);
  }

  @Test
  void membersCarryTheDataItself() throws IOException {
    AuditTarget t = AuditTarget.load(run, "erm");
    Dataset members = t.members();
    assertTrue(members.isClassification());
    assertEquals(json(run.resolve(RunFolder.MEMBERSHIP)).get("members").get("rows").asInt(), members.size());
  }
}
