package org.probity.cli.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.BadInputException;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.FederatedExperimentData;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.run.Json;
import org.probity.cli.run.Membership;
import org.probity.cli.run.RunFolder;
import org.probity.cli.run.RunStore;
import org.probity.cli.spec.LoadedSpec;
import org.probity.core.data.Dataset;
import org.probity.core.train.Checkpoints;
import org.probity.federated.ClientData;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * A federated run saves its clients' membership (pooled and per client, validation rows in
 * neither), and {@link AuditTarget} loads a strategy's global model with members and non-members
 * carrying their client ids; the strategy's recipe deals the members back to their clients and
 * runs the federation again, giving back the run's global model from the run's seed.
 */
class FederatedAuditTargetTest {
  static final String SPEC = String.join("\n",
      "name: fed-audit",
      "seed: 11",
      "data: {source: rotated-patched-digits, options: {silos: 4}}",
      "federated:",
      "  rounds: 2",
      "  strategies: [{kind: fedavg}, {kind: local}]",
      "");

  @TempDir
  static Path tmp;
  static Path run;

  @BeforeAll
  static void runOnce() throws IOException {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC, List.of());
    run = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded, new RunStore(tmp)).run().dir();
  }

  static JsonNode json(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }

  @Test
  void membershipListsEachClientsTrainAndTestRows() throws IOException {
    JsonNode m = json(run.resolve(RunFolder.MEMBERSHIP));
    JsonNode summary = json(run.resolve(RunFolder.SUMMARY));
    assertEquals("federated", m.get("kind").asText());
    assertEquals(summary.get("data").get("train_size").asInt(), m.get("members").get("rows").asInt());
    assertEquals(summary.get("data").get("test_size").asInt(), m.get("non_members").get("rows").asInt());
    LoadedSpec again = Catalog.reader().read("spec.yaml", Files.readString(run.resolve(RunFolder.SPEC)), List.of());
    FederatedExperimentData data = FederatedRunner.prepare(again).clients();
    assertEquals(4, m.get("clients").size());
    int members = 0;
    int nonMembers = 0;
    int i = 0;
    for (Map.Entry<Integer, ClientData> e : data.clients().entrySet()) {
      JsonNode c = m.get("clients").get(i++);
      assertEquals(e.getKey().intValue(), c.get("client").asInt());
      assertEquals(e.getValue().train().size(), c.get("members").get("rows").asInt());
      assertEquals(e.getValue().test().size(), c.get("non_members").get("rows").asInt());
      members += c.get("members").get("rows").asInt();
      nonMembers += c.get("non_members").get("rows").asInt();
    }
    assertEquals(m.get("members").get("rows").asInt(), members);
    assertEquals(m.get("non_members").get("rows").asInt(), nonMembers);
    assertEquals(1797, members + nonMembers + data.validationSize(), "validation rows are neither");
    Dataset pooled = Membership.members(data);
    assertEquals(pooled.fingerprint(), m.get("members").get("fingerprint").asText());
    assertEquals(Membership.nonMembers(data).fingerprint(), m.get("non_members").get("fingerprint").asText());
    // Row by row, the pooled members are the clients' training rows, each with its client id.
    int at = 0;
    for (Map.Entry<Integer, ClientData> e : data.clients().entrySet()) {
      Dataset train = e.getValue().train();
      for (int r = 0; r < train.size(); r++, at++) {
        assertEquals(e.getKey().intValue(), pooled.clients()[at]);
        assertEquals(train.labels()[r], pooled.labels()[at]);
      }
    }
    assertEquals(pooled.size(), at);
  }

  @Test
  void theGlobalModelIsLoadedAndItsFederationRetrainsItExactly() throws IOException {
    AuditTarget t = AuditTarget.load(run, null);
    assertEquals("fedavg", t.variant());
    assertTrue(t.federated());
    assertNull(t.accountantEpsilon());
    assertEquals(10, t.classes());
    assertTrue(t.members().clients() != null && t.nonMembers().clients() != null);
    Params saved = Checkpoints.read(run.resolve("checkpoints/fedavg.safetensors")).params();
    for (String n : saved.names()) {
      assertArrayEquals(saved.get(n).data(), t.model().params().get(n).data(), n);
    }
    Params again = t.recipe().train(t.members(), t.runRng()).params();
    for (String n : saved.names()) {
      assertArrayEquals(saved.get(n).data(), again.get(n).data(), "retrained " + n);
    }
    Params other = t.recipe().train(t.members(), new Rng(12)).params();
    assertFalse(java.util.Arrays.equals(saved.flatten().data(), other.flatten().data()));
  }

  @Test
  void aStrategyWithoutAGlobalModelAndRowsWithoutClientsAreRefused() throws IOException {
    String msg = assertThrows(BadInputException.class, () -> AuditTarget.load(run, "local")).getMessage();
    assertTrue(msg.startsWith("strategy local of run " + run.getFileName() + " has no checkpoint"), msg);
    AuditTarget t = AuditTarget.load(run, "fedavg");
    Dataset anonymous = Dataset.classification("rows", t.members().features(), t.members().labels(), 10);
    String why = assertThrows(IllegalArgumentException.class, () -> t.recipe().train(anonymous, new Rng(1)))
        .getMessage();
    assertTrue(why.contains("has no client ids"), why);
  }

  @Test
  void aPrivateFederationExposesItsGuaranteeAndRetrainsWithTheSameNoise(@TempDir Path dir) throws IOException {
    LoadedSpec loaded = Catalog.reader().read("spec.yaml", SPEC.replace("[{kind: fedavg}, {kind: local}]",
        "[{kind: fedavg}]\n  batch_size: 32\n  privacy: {level: sample, epsilon: 2, clip: 1.0}"), List.of());
    Path r = new FederatedRunner(Progress.none(), Clock.systemUTC()).run(loaded, new RunStore(dir)).run().dir();
    JsonNode p = json(r.resolve(RunFolder.SUMMARY)).get("variants").get(0).get("privacy");
    AuditTarget t = AuditTarget.load(r, "fedavg");
    assertTrue(t.isPrivate());
    assertEquals(p.get("epsilon").asDouble(), t.accountantEpsilon());
    assertEquals(1e-5, t.delta());
    assertEquals(p.get("guarantee").asText(), t.guarantee());
    assertTrue(t.guarantee().startsWith("(ε=2.00, δ=1e-5)-DP for each example of silo "), t.guarantee());
    Params saved = Checkpoints.read(r.resolve("checkpoints/fedavg.safetensors")).params();
    Params again = t.recipe().train(t.members(), t.runRng()).params();
    for (String n : saved.names()) {
      assertArrayEquals(saved.get(n).data(), again.get(n).data(), "retrained privately " + n);
    }
  }
}
