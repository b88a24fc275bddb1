package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.deploy.pki.SiteKit;

/** {@code probity certs init|revoke} through the command line: kits that load, a revocation, bad input. */
class CertsCommandTest {
  @Test
  void initWritesLoadableKitsAndRevokeUpdatesEveryKitsList(@TempDir Path dir) {
    Path fed = dir.resolve("federation");
    Cli init = Cli.run("certs", "init", "--out", fed.toString(), "--sites", "a,b,c");
    assertEquals(0, init.code, init.toString());
    assertTrue(init.out().contains("SHA-256"), init.out());
    for (String site : new String[] {"a", "b", "c"}) {
      SiteKit kit = SiteKit.load(fed.resolve("sites").resolve(site));
      assertEquals(site, kit.name());
      assertFalse(Files.exists(kit.dir().resolve("ca.key")), "a kit never holds the CA key");
    }
    assertTrue(SiteKit.load(fed.resolve("server")).isServer());

    Cli revoke = Cli.run("certs", "revoke", "--out", fed.toString(), "--site", "b");
    assertEquals(0, revoke.code, revoke.toString());
    assertTrue(revoke.out().startsWith("Revoked site b: serial "), revoke.out());
    SiteKit b = SiteKit.load(fed.resolve("sites").resolve("b"));
    assertTrue(SiteKit.load(fed.resolve("server")).crl().isRevoked(b.certificate()), "the server kit's CRL has b");
  }

  @Test
  void badInputExitsTwoWithOneLine(@TempDir Path dir) {
    Cli badName = Cli.run("certs", "init", "--out", dir.resolve("f").toString(), "--sites", "a,Bad_Name");
    assertEquals(2, badName.code, badName.toString());
    assertTrue(badName.err().startsWith("probity certs init: ") && badName.err().contains("Bad_Name"), badName.err());
    assertFalse(Files.exists(dir.resolve("f").resolve("ca")), "nothing written for bad input");
    Cli.run("certs", "init", "--out", dir.resolve("g").toString(), "--sites", "a");
    Cli unknown = Cli.run("certs", "revoke", "--out", dir.resolve("g").toString(), "--site", "zz");
    assertEquals(2, unknown.code, unknown.toString());
    assertTrue(unknown.err().contains("zz"), unknown.err());
  }
}
