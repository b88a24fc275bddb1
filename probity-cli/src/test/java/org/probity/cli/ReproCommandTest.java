package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probity repro} against the fake reproductions registered in the test resources. */
class ReproCommandTest {
  @Test
  void listShowsIdPaperAndClaimCount() {
    Cli c = Cli.run("repro", "--list");
    assertEquals(0, c.code, c.toString());
    // The id column is as wide as the longest id of every registered reproduction.
    assertTrue(c.out().matches("(?s).*fake-holds +2 claims  A Paper That Holds \\(Test 2024\\).*"), c.out());
    assertTrue(c.out().matches("(?s).*fake-fails +2 claims  A Paper That Fails \\(Test 2024\\).*"), c.out());
  }

  @Test
  void everyPapersReproductionIsRegisteredWithTheCommandLine() {
    Cli c = Cli.run("repro", "--list");
    assertEquals(0, c.code, c.toString());
    for (String id : List.of("term", "motley", "mrmtl", "pfl-docvqa", "dp2", "adadps", "bounded-gaussian",
        "public-representations", "maxfl", "network-effects")) {
      assertTrue(c.out().lines().anyMatch(l -> l.startsWith(id + " ")), id + " is not listed:\n" + c.out());
    }
    // TERM's central claims (core) and its federated claim (probity-federated) are one reproduction.
    assertTrue(c.out().lines().anyMatch(l -> l.matches("term +5 claims .*")), c.out());
  }

  @Test
  void aPassingReproPrintsEachClaimAndWritesTheJsonExactly(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli c = Cli.run("repro", "fake-holds", "--full", "--seed", "7", "--json", json.toString());
    assertEquals(0, c.code, c.toString());
    String out = c.out();
    assertTrue(out.contains("PASS  echo: The mode and seed arrive."), out);
    assertTrue(out.contains("measured: seed = 7.000, full = 1.000"), out);
    assertTrue(out.contains("note: echoes its inputs"), out);
    assertTrue(out.contains("PASS  gap: The gap is positive."), out);
    assertTrue(out.contains("2 of 2 claims hold: PASS"), out);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals(List.of("id", "paper", "mode", "seed", "claims", "pass"), fields(root));
    assertEquals("fake-holds", root.get("id").asText());
    assertEquals("A Paper That Holds (Test 2024)", root.get("paper").asText());
    assertEquals("full", root.get("mode").asText());
    assertEquals(7, root.get("seed").asLong());
    assertTrue(root.get("pass").asBoolean());
    JsonNode claim = root.get("claims").get(0);
    assertEquals(List.of("id", "statement", "measured", "pass"), fields(claim));
    assertEquals("echo", claim.get("id").asText());
    assertEquals(7.0, claim.get("measured").get("seed").asDouble());
    assertTrue(root.get("claims").get(1).get("measured").get("undefined").isNull(), "NaN is written as null");
    assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
  }

  @Test
  void aFailingClaimExitsOneAndQuickIsTheDefault(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli c = Cli.run("repro", "fake-fails", "--json", json.toString());
    assertEquals(1, c.code, c.toString());
    assertTrue(c.out().contains("FAIL  gap: The gap is positive."), c.out());
    assertTrue(c.out().contains("measured: gap = -0.5000, undefined = NaN"), c.out());
    assertTrue(c.out().contains("1 of 2 claims hold: FAIL"), c.out());
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("quick", root.get("mode").asText());
    assertEquals(1, root.get("seed").asLong());
    assertFalse(root.get("pass").asBoolean());
    assertFalse(root.get("claims").get(1).get("pass").asBoolean());
  }

  @Test
  void badInputExitsTwoWithOneLine(@TempDir Path dir) {
    Cli unknown = Cli.run("repro", "nonesuch");
    assertEquals(2, unknown.code, unknown.toString());
    assertEquals(1, unknown.errLines().size(), unknown.toString());
    assertTrue(unknown.err().startsWith("probity repro: unknown reproduction 'nonesuch' (known: "), unknown.err());
    assertTrue(unknown.err().contains("fake-fails, fake-holds"), unknown.err());

    Cli none = Cli.run("repro");
    assertEquals(2, none.code, none.toString());
    assertTrue(none.err().startsWith("probity repro: give a reproduction ID or --list"), none.err());

    Cli both = Cli.run("repro", "fake-holds", "--quick", "--full");
    assertEquals(2, both.code, both.toString());
    assertEquals(1, both.errLines().size(), both.toString());

    Cli badJson = Cli.run("repro", "fake-holds", "--json", dir.resolve("no/such/x.json").toString());
    assertEquals(2, badJson.code, badJson.toString());
    assertTrue(badJson.err().contains("does not exist"), badJson.err());
    assertEquals("", badJson.out(), "refused before running");
  }

  @Test
  void longLinesWrapWithAHangingIndent() {
    String text = "PASS  claim: " + "word ".repeat(60).strip();
    List<String> lines = ReproCommand.wrap(text, "      ").lines().toList();
    assertTrue(lines.size() > 2, lines.toString());
    for (String l : lines) {
      assertTrue(l.length() <= ReproCommand.WIDTH, l);
    }
    assertTrue(lines.get(1).startsWith("      word word"), lines.get(1));
    assertEquals(text, String.join(" ", lines.stream().map(String::strip).toList()));
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
