package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A central run with {@code data.validation_fraction}: summary.json gives every variant its
 * validation metrics next to its test metrics and the split's size, provenance fingerprints the
 * validation split, and membership.json leaves the validation rows out of both members and
 * non-members; without the key there is no validation anywhere.
 */
class ValidationRunTest {
  private static final String SPEC = String.join("\n",
      "name: val",
      "seed: 3",
      "data: {source: digits, validation_fraction: 0.2}",
      "model: {type: softmax}",
      "optimizer: {name: sgd, lr: 0.1}",
      "train: {steps: 20, batch_size: 32, eval_every: 100, checkpoint: false}",
      "variants:",
      "  - name: erm",
      "  - name: term",
      "    objective: {kind: tilted, t: -1}",
      "");

  @Test
  void summaryProvenanceAndMembershipKnowTheValidationSplit(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    Cli c = Cli.run("run", RunCommandTest.write(dir, "val.yaml", SPEC).toString(), "--out", runs.toString());
    assertEquals(0, c.code, c.toString());
    Path run = RunCommandTest.onlyRun(runs);
    JsonNode summary = RunCommandTest.JSON.readTree(run.resolve("summary.json").toFile());
    JsonNode data = summary.get("data");
    int train = data.get("train_size").asInt();
    int validation = data.get("validation_size").asInt();
    int test = data.get("test_size").asInt();
    assertEquals(1797, train + validation + test, data.toString());
    assertEquals(Math.round((train + validation) * 0.2), validation, 10, "a fifth of the training part");
    for (JsonNode v : summary.get("variants")) {
      double acc = v.get("validation").get("accuracy").asDouble();
      assertTrue(acc > 0.3 && acc <= 1, v.toString());
      assertTrue(v.get("validation").has("loss") && v.get("test").has("accuracy"), v.toString());
    }
    JsonNode provenance = RunCommandTest.JSON.readTree(run.resolve("provenance.json").toFile());
    assertTrue(provenance.get("datasets").has("validation"), provenance.toString());
    JsonNode membership = RunCommandTest.JSON.readTree(run.resolve("membership.json").toFile());
    assertEquals(train, membership.get("members").get("rows").asInt(), "members are the training rows only");
    assertEquals(test, membership.get("non_members").get("rows").asInt(), "non-members are the test rows only");

    Path plainRuns = dir.resolve("plain");
    Cli p = Cli.run("run", RunCommandTest.write(dir, "plain.yaml", SPEC.replace(", validation_fraction: 0.2", ""))
        .toString(), "--out", plainRuns.toString());
    assertEquals(0, p.code, p.toString());
    Path plain = RunCommandTest.onlyRun(plainRuns);
    JsonNode ps = RunCommandTest.JSON.readTree(plain.resolve("summary.json").toFile());
    assertFalse(ps.get("data").has("validation_size"));
    assertFalse(ps.get("variants").get(0).has("validation"));
    assertEquals(test, ps.get("data").get("test_size").asInt(), "the test split is the same with or without");
    assertFalse(Files.readString(plain.resolve("spec.yaml")).contains("validation_fraction"));
  }
}
