package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code probity privacy epsilon|noise}: the calculator's answers, its JSON and its bad-input paths. */
class PrivacyCommandTest {
  private static final String[] PFL = {"--sample-rate", "0.025", "--steps", "5", "--delta", "1e-5"};

  private static Cli run(String sub, String... more) {
    String[] args = new String[2 + PFL.length + more.length];
    args[0] = "privacy";
    args[1] = sub;
    System.arraycopy(PFL, 0, args, 2, PFL.length);
    System.arraycopy(more, 0, args, 2 + PFL.length, more.length);
    return Cli.run(args);
  }

  @Test
  void epsilonOfTheOfficialPflDocVqaSetting() {
    // The PFL-DocVQA calculator gives ε = 1.0057 for σ = 1.145 at q = 0.025, T = 5, δ = 1e-5 (notes §0.1, §11).
    Cli c = run("epsilon", "--noise", "1.145");
    assertEquals(0, c.code, c.toString());
    assertTrue(c.out().matches("ε = 1\\.0057 at δ = 1e-05 \\(RDP, order \\d+\\.\\d+\\) for 5 steps of the "
        + "Poisson-subsampled Gaussian mechanism with q = 0\\.025 and σ = 1\\.145\\R"), c.out());
    assertEquals("", c.err());
  }

  @Test
  void epsilonAsOneJsonObject() throws Exception {
    Cli c = run("epsilon", "--noise", "0.468", "--json");
    assertEquals(0, c.code, c.toString());
    assertEquals(1, c.out().lines().count(), c.out());
    assertTrue(c.out().startsWith("{\"epsilon\": 8.0039, \"delta\": 1e-05, \"noise\": 0.468, \"sample_rate\": 0.025, "
        + "\"steps\": 5, \"order\": "), c.out());
    JsonNode o = new ObjectMapper().readTree(c.out());
    assertEquals(8.0039, o.get("epsilon").asDouble(), 0);
    assertEquals(1e-5, o.get("delta").asDouble(), 0);
    assertEquals(5, o.get("steps").asLong());
    assertTrue(o.get("order").asDouble() > 1);
    assertEquals("rdp", o.get("accountant").asText());
    assertEquals(7, o.size());
  }

  @Test
  void noiseForATargetGivesBackTheOfficialSigma() throws Exception {
    Cli c = run("noise", "--epsilon", "3.9959", "--json");
    assertEquals(0, c.code, c.toString());
    JsonNode o = new ObjectMapper().readTree(c.out());
    assertEquals(0.637, o.get("noise").asDouble(), 1e-3);
    assertTrue(o.get("epsilon").asDouble() <= 3.9959, c.out());
    Cli plain = run("noise", "--epsilon", "1");
    assertEquals(0, plain.code, plain.toString());
    assertTrue(plain.out().matches("σ = 1\\.\\d{1,4} gives ε = [01]\\.\\d+ <= 1\\.0 at δ = 1e-05 \\(RDP, order .*\\) "
        + "for 5 steps of the Poisson-subsampled Gaussian mechanism with q = 0\\.025\\R"), plain.out());
  }

  @Test
  void warnsWhenDeltaIsNotBelowOneOverN() {
    Cli c = run("epsilon", "--noise", "1.145", "--dataset-size", "200000");
    assertEquals(0, c.code, c.toString());
    assertTrue(c.err().startsWith("warning: δ = 1e-05 is not below 1/n = 5e-06 for n = 200000 examples"), c.err());
    assertEquals(1, c.errLines().size(), c.toString());
    assertTrue(c.out().startsWith("ε = 1.0057"), c.out());
    Cli fine = run("epsilon", "--noise", "1.145", "--dataset-size", "50000");
    assertEquals("", fine.err(), fine.toString());
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    assertBad(run("epsilon", "--noise", "0"), "probity privacy epsilon: --noise must be a finite number > 0, got 0.0");
    assertBad(run("epsilon", "--noise", "-1"), "probity privacy epsilon: --noise must be a finite number > 0, got -1.0");
    assertBad(Cli.run("privacy", "epsilon", "--noise", "1", "--sample-rate", "1.5", "--steps", "5", "--delta", "1e-5"),
        "probity privacy epsilon: --sample-rate must be in (0, 1], got 1.5");
    assertBad(Cli.run("privacy", "epsilon", "--noise", "1", "--sample-rate", "0.1", "--steps", "5", "--delta", "1"),
        "probity privacy epsilon: --delta must be in (0, 1), got 1.0");
    assertBad(run("noise", "--epsilon", "0"),
        "probity privacy noise: --epsilon must be a finite number > 0, got 0.0 (a budget of zero allows no private step)");
    assertBad(Cli.run("privacy", "noise", "--epsilon", "1", "--sample-rate", "0.1", "--steps", "0", "--delta", "1e-5"),
        "probity privacy noise: --steps must be >= 1, got 0");
    Cli unreachable = Cli.run("privacy", "noise", "--epsilon", "0.01", "--sample-rate", "1", "--steps", "1000000",
        "--delta", "1e-5");
    assertBad(unreachable, "probity privacy noise: target ε = 0.01 is unreachable in 1000000 steps with q = 1.0 "
        + "and δ = 1e-05; the smallest reachable ε is 0.0323 (at σ = 100000.0)");
    Cli missing = Cli.run("privacy", "epsilon", "--noise", "1");
    assertEquals(2, missing.code, missing.toString());
    assertEquals(1, missing.errLines().size(), missing.toString());
  }

  private static void assertBad(Cli c, String prefix) {
    assertEquals(2, c.code, c.toString());
    assertEquals(1, c.errLines().size(), c.toString());
    assertTrue(c.err().startsWith(prefix), c.err());
    assertEquals("", c.out());
  }

  @Test
  void numbersAreWrittenAsPythonWritesThem() {
    assertEquals("1e-05", PrivacyCommand.py(1e-5));
    assertEquals("0.025", PrivacyCommand.py(0.025));
    assertEquals("14.0", PrivacyCommand.py(14));
    assertEquals("0.0001", PrivacyCommand.py(1e-4));
    assertEquals("1.5e-07", PrivacyCommand.py(1.5e-7));
    assertEquals("1e+16", PrivacyCommand.py(1e16));
    assertEquals("123456.0", PrivacyCommand.py(123456));
    assertEquals("-2.5", PrivacyCommand.py(-2.5));
    assertEquals("null", PrivacyCommand.pyJson(Double.NaN));
    assertEquals(1.0057, PrivacyCommand.round(1.005705583709145, java.math.RoundingMode.HALF_EVEN));
    assertEquals(1.1477, PrivacyCommand.round(1.14766, java.math.RoundingMode.CEILING));
    assertEquals(1.235e-5, PrivacyCommand.round(1.2345e-5, java.math.RoundingMode.CEILING));
  }
}
