package org.probity.deploy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.deploy.pki.CertificateAuthority;
import org.probity.deploy.pki.KitException;
import org.probity.deploy.pki.Pem;
import org.probity.deploy.pki.Provisioning;
import org.probity.deploy.pki.SiteKit;

class CrlSourceTest {
  @TempDir Path tmp;

  @Test
  void picksUpAReplacedFileAndKeepsTheLastGoodOneOtherwise() throws Exception {
    Path fed = tmp.resolve("fed");
    Provisioning.init(fed, List.of("a", "b"), "localhost");
    SiteKit server = SiteKit.load(fed.resolve("server"));
    CrlSource src = CrlSource.watching(server);
    assertEquals(1, CertificateAuthority.crlNumber(src.get()));
    X509CRL first = src.get();

    Provisioning.revoke(fed, "a");
    X509CRL second = src.get();
    assertEquals(2, CertificateAuthority.crlNumber(second));
    assertTrue(second.isRevoked(SiteKit.load(fed.resolve("sites/a")).certificate()));

    Path file = fed.resolve("server/crl.pem");
    Files.writeString(file, "garbage, much longer than before so that the size changes too");
    assertSame(second, src.get(), "a corrupt file leaves the last good CRL in force");
    assertThrows(KitException.class, src::reload);

    // an older CRL must not un-revoke a site
    Files.writeString(file, Pem.encode(first));
    KitException rollback = assertThrows(KitException.class, src::reload);
    assertTrue(rollback.getMessage().contains("roll back"), rollback.getMessage());
    assertSame(second, src.get());

    // a CRL from another CA is refused
    X509CRL foreign = CertificateAuthority.create("fed-other").signCrl(List.of(), 9);
    KitException notOurs = assertThrows(KitException.class, () -> src.set(foreign));
    assertTrue(notOurs.getMessage().contains("not signed by the federation CA"), notOurs.getMessage());
    assertSame(second, src.get());
  }
}
