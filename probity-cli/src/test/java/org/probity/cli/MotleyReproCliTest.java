package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code probity repro motley --quick} through the real command tree, with the Motley
 * reproduction found by ServiceLoader, as issue 4 asks of CI. Unlike TERM, not every Motley claim
 * holds here (the cross-device fine-tuning claim fails at seed 1; docs/papers.md says why), so this
 * checks that the command reports every claim with its numbers, that the exit code is the verdict
 * (1 when a claim fails), and that the claim which held at every seed tried, averages hiding
 * clients that personalisation hurts, still holds.
 */
class MotleyReproCliTest {
  @Test
  void motleyQuickReproductionRunsThroughTheCommandLine(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("motley.json");
    Cli c = Cli.run("repro", "motley", "--quick", "--seed", "1", "--json", json.toString());
    System.out.println(c.out());
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("motley", root.get("id").asText());
    assertEquals("quick", root.get("mode").asText().toLowerCase());
    assertEquals(3, root.get("claims").size(), "motley states three claims");
    for (JsonNode claim : root.get("claims")) {
      assertTrue(claim.get("measured").size() > 0, "claim " + claim.get("id") + " measured nothing");
      assertTrue(c.out().contains(claim.get("id").asText()), "the output names claim " + claim.get("id"));
    }
    assertEquals(root.get("pass").asBoolean() ? 0 : 1, c.code, c.toString());
    JsonNode hiddenHarm = root.get("claims").get(1);
    assertEquals("motley-averages-hide-harm", hiddenHarm.get("id").asText());
    assertTrue(hiddenHarm.get("pass").asBoolean(), "averages hide harm held at every seed tried:\n" + c.out());
  }
}
