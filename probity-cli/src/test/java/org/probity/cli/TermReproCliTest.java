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
 * Runs {@code probity repro term --quick} through the real command tree, with the real TERM
 * reproduction found by ServiceLoader, as CI must (issue 3: ".ci/run runs probity repro term
 * --quick"). The exit code is the reproduction's verdict: 0 only when every claim held.
 */
class TermReproCliTest {
  @Test
  void termQuickReproductionPassesThroughTheCommandLine(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("term.json");
    Cli c = Cli.run("repro", "term", "--quick", "--seed", "1", "--json", json.toString());
    System.out.println(c.out());
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("term", root.get("id").asText());
    assertEquals("quick", root.get("mode").asText().toLowerCase());
    assertTrue(root.get("claims").size() >= 4, "term states at least four claims");
    for (JsonNode claim : root.get("claims")) {
      assertTrue(claim.get("measured").size() > 0, "claim " + claim.get("id") + " measured nothing");
    }
    assertEquals(root.get("pass").asBoolean() ? 0 : 1, c.code, c.toString());
    assertTrue(root.get("pass").asBoolean(), "a TERM claim failed at seed 1:\n" + c.out());
  }
}
