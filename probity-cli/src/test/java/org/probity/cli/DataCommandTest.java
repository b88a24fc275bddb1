package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code probity data list} and the bad-input paths of {@code data fetch} (no network here). */
class DataCommandTest {
  @Test
  void listShowsDatasetsAvailabilityAndGenerators() {
    Cli c = Cli.run("data", "list");
    assertEquals(0, c.code, c.toString());
    assertTrue(c.out().matches("(?s).*\\ndigits\\s+bundled\\s+1797\\s+64\\s+10\\s+yes\\s+.*"), c.out());
    assertTrue(c.out().matches("(?s).*\\nmnist\\s+fetched\\s+10000\\s+784\\s+10\\s+(yes|no: ./probity data fetch mnist).*"),
        c.out());
    assertTrue(c.out().matches("(?s).*\\nminority-mixture\\s+generator\\s+.*"), c.out());
  }

  @Test
  void fetchRefusesNamesItCannotFetch() {
    Cli bundled = Cli.run("data", "fetch", "digits");
    assertEquals(2, bundled.code, bundled.toString());
    assertEquals(1, bundled.errLines().size(), bundled.toString());
    assertTrue(bundled.err().contains("ships with Probity; there is nothing to fetch"), bundled.err());
    Cli unknown = Cli.run("data", "fetch", "cifar");
    assertEquals(2, unknown.code, unknown.toString());
    assertTrue(unknown.err().startsWith("probity data fetch: cannot fetch 'cifar'; fetchable: fashion-mnist, mnist"),
        unknown.err());
    Cli missing = Cli.run("data", "fetch");
    assertEquals(2, missing.code, missing.toString());
  }
}
