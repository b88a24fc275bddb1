package org.probity.deploy.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTest {
  @TempDir Path tmp;

  @Test
  void initWritesCaServerAndSiteKitsThatLoadBack() throws Exception {
    Path out = tmp.resolve("fed");
    Provisioning.Provisioned p = Provisioning.init(out, List.of("a", "b-2"), "fl.example.org:9555");

    X509Certificate ca = Pem.readCertificate(out.resolve("ca/ca.crt"));
    assertEquals(p.caCertificate(), ca);
    assertTrue(ca.getBasicConstraints() >= 0, "CA basicConstraints");
    boolean[] ku = ca.getKeyUsage();
    assertTrue(ku[5] && ku[6], "keyCertSign and cRLSign");
    assertTrue(CertificateAuthority.keyMatches(Pem.readPrivateKey(out.resolve("ca/ca.key")), ca.getPublicKey()));
    long years = TimeUnit.MILLISECONDS.toDays(ca.getNotAfter().getTime() - ca.getNotBefore().getTime()) / 365;
    assertEquals(10, years);
    if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ca/ca.key"))));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sites/a/key.pem"))));
    }
    // the CA key lives only in ca/: no other file holds those bytes
    byte[] caKey = Files.readAllBytes(out.resolve("ca/ca.key"));
    try (Stream<Path> s = Files.walk(out)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        if (!f.equals(out.resolve("ca/ca.key"))) {
          assertFalse(java.util.Arrays.equals(caKey, Files.readAllBytes(f)), f + " duplicates the CA key");
        }
      }
    }

    SiteKit server = SiteKit.load(out.resolve("server"));
    assertEquals("server", server.role());
    assertEquals("fl.example.org:9555", server.server());
    assertEquals("fl.example.org", server.serverHost());
    assertEquals(9555, server.serverPort());
    assertTrue(CertInfo.hasExtendedKeyUsage(server.certificate(), CertInfo.EKU_SERVER_AUTH));
    Set<String> sans = new HashSet<>();
    for (List<?> san : server.certificate().getSubjectAlternativeNames()) {
      sans.add(san.get(1).toString());
    }
    assertTrue(sans.containsAll(List.of("localhost", "127.0.0.1", "fl.example.org")), sans.toString());

    Set<BigInteger> serials = new HashSet<>();
    serials.add(server.certificate().getSerialNumber());
    for (SiteKit written : p.sites()) {
      SiteKit k = SiteKit.load(written.dir());
      assertEquals(written.name(), k.name());
      assertEquals("site", k.role());
      assertEquals(p.federation(), k.federation());
      assertEquals(written.name(), CertInfo.commonName(k.certificate()));
      assertEquals(written.certificate(), k.certificate());
      assertArrayEquals(written.privateKey().getEncoded(), k.privateKey().getEncoded());
      assertEquals(ca, k.caCertificate());
      k.certificate().verify(ca.getPublicKey());
      assertTrue(CertInfo.hasExtendedKeyUsage(k.certificate(), CertInfo.EKU_CLIENT_AUTH));
      assertFalse(CertInfo.hasExtendedKeyUsage(k.certificate(), CertInfo.EKU_SERVER_AUTH));
      assertTrue(k.certificate().getBasicConstraints() < 0);
      assertNull(k.crl().getRevokedCertificates());
      BigInteger serial = k.certificate().getSerialNumber();
      assertTrue(serial.signum() > 0 && serial.bitLength() <= 128 && serial.bitLength() > 64, serial.toString(16));
      assertTrue(serials.add(serial), "serials are unique");
      // fingerprint against an independent digest of the DER bytes
      String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(k.certificate().getEncoded()));
      assertEquals(hex, k.fingerprint().replace(":", ""));
    }
  }

  @Test
  void badSiteNamesAreRefusedNamingTheValueAndRule() {
    for (String bad : List.of("B", "-a", "a_b", "", "a.b", "x".repeat(64))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Provisioning.init(tmp.resolve("x"), List.of("ok", bad), "localhost"), bad);
      assertTrue(e.getMessage().contains("\"" + bad + "\"") && e.getMessage().contains("[a-z0-9][a-z0-9-]{0,62}"),
          e.getMessage());
    }
    for (String reserved : List.of("server", "ca")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Provisioning.init(tmp.resolve("x"), List.of(reserved), "localhost"));
      assertTrue(e.getMessage().contains("reserved") && e.getMessage().contains(reserved), e.getMessage());
    }
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> Provisioning.init(tmp.resolve("x"), List.of("a", "b", "a"), "localhost"));
    assertTrue(dup.getMessage().contains("\"a\"") && dup.getMessage().contains("unique"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Provisioning.init(tmp.resolve("x"), List.of(), "localhost"));
    IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
        () -> Provisioning.init(tmp.resolve("x"), List.of("a"), "bad host!"));
    assertTrue(host.getMessage().contains("bad host!"), host.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Provisioning.init(tmp.resolve("x"), List.of("a"), "h:99999"));
    assertThrows(IllegalArgumentException.class, () -> Provisioning.init(tmp.resolve("x"), List.of("a"), "300.1.1.1"));
    assertFalse(Files.exists(tmp.resolve("x")), "nothing is written for bad input");
    IllegalArgumentException csv = assertThrows(IllegalArgumentException.class,
        () -> CertsCommands.init(tmp.resolve("x"), "a,,b", "localhost", new PrintWriter(new StringWriter())));
    assertTrue(csv.getMessage().contains("a,,b"), csv.getMessage());
  }

  @Test
  void refusesANonEmptyOutputFolderButAcceptsAnEmptyOne() throws Exception {
    Path full = tmp.resolve("full");
    Files.createDirectories(full);
    Files.writeString(full.resolve("notes.txt"), "keep me");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provisioning.init(full, List.of("a"), "localhost"));
    assertTrue(e.getMessage().contains(full.toString()) && e.getMessage().contains("not empty"), e.getMessage());
    assertEquals("keep me", Files.readString(full.resolve("notes.txt")));

    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    Provisioning.init(empty, List.of("a"), null);
    assertEquals("localhost:" + Provisioning.DEFAULT_PORT, SiteKit.load(empty.resolve("sites/a")).server());
    // a second init over the now-populated folder must not replace the CA key
    byte[] key = Files.readAllBytes(empty.resolve("ca/ca.key"));
    assertThrows(IllegalArgumentException.class, () -> Provisioning.init(empty, List.of("a"), null));
    assertArrayEquals(key, Files.readAllBytes(empty.resolve("ca/ca.key")));
  }

  @Test
  void corruptOrMismatchedKitFilesAreNamedInTheError() throws Exception {
    Path out = tmp.resolve("fed");
    Provisioning.init(out, List.of("a", "b"), "localhost");
    Path b = out.resolve("sites/b");

    Files.writeString(b.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
    KitException e = assertThrows(KitException.class, () -> SiteKit.load(b));
    assertTrue(e.getMessage().startsWith("kit " + b + ": key.pem is not a PEM private key"), e.getMessage());

    Files.writeString(b.resolve("key.pem"), "hello");
    e = assertThrows(KitException.class, () -> SiteKit.load(b));
    assertTrue(e.getMessage().startsWith("kit " + b + ": key.pem is not a PEM private key"), e.getMessage());

    Files.copy(b.resolve("cert.pem"), b.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    e = assertThrows(KitException.class, () -> SiteKit.load(b));
    assertTrue(e.getMessage().contains("key.pem is not a PEM private key (found a X509CertificateHolder)"), e.getMessage());

    Files.copy(out.resolve("sites/a/key.pem"), b.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    e = assertThrows(KitException.class, () -> SiteKit.load(b));
    assertTrue(e.getMessage().contains("key.pem does not match the public key in cert.pem"), e.getMessage());

    Files.delete(b.resolve("ca.pem"));
    e = assertThrows(KitException.class, () -> SiteKit.load(b));
    assertTrue(e.getMessage().contains("ca.pem is missing: expected a PEM certificate"), e.getMessage());

    Path a = out.resolve("sites/a");
    Files.writeString(a.resolve("kit.yaml"), "name: a\nfederation: f\nserver: localhost:1\n");
    e = assertThrows(KitException.class, () -> SiteKit.load(a));
    assertTrue(e.getMessage().contains("kit.yaml has no 'role'"), e.getMessage());
    Files.writeString(a.resolve("kit.yaml"), "name: c\nrole: site\nfederation: f\nserver: localhost:1\n");
    e = assertThrows(KitException.class, () -> SiteKit.load(a));
    assertTrue(e.getMessage().contains("cert.pem is for CN \"a\" but kit.yaml names \"c\""), e.getMessage());

    e = assertThrows(KitException.class, () -> SiteKit.load(out.resolve("sites/none")));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());

    // a kit whose certificate another CA signed
    Path other = tmp.resolve("other");
    Provisioning.init(other, List.of("a"), "localhost");
    Files.copy(other.resolve("sites/a/ca.pem"), out.resolve("server/ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    e = assertThrows(KitException.class, () -> SiteKit.load(out.resolve("server")));
    assertTrue(e.getMessage().contains("cert.pem is not signed by the CA in ca.pem"), e.getMessage());
  }

  @Test
  void revokeAddsTheSerialToASignedCrlInCaAndEveryKit() throws Exception {
    Path out = tmp.resolve("fed");
    Provisioning.init(out, List.of("a", "b", "c"), "localhost");
    BigInteger bSerial = SiteKit.load(out.resolve("sites/b")).certificate().getSerialNumber();
    X509Certificate ca = Pem.readCertificate(out.resolve("ca/ca.crt"));

    StringWriter sw = new StringWriter();
    CertsCommands.revoke(out, "b", new PrintWriter(sw));
    assertTrue(sw.toString().contains(bSerial.toString(16)), sw.toString());

    List<Path> crls = new ArrayList<>(List.of(out.resolve("ca/crl.pem"), out.resolve("server/crl.pem")));
    for (String s : List.of("a", "b", "c")) {
      crls.add(out.resolve("sites").resolve(s).resolve("crl.pem"));
    }
    for (Path f : crls) {
      X509CRL crl = Pem.readCrl(f);
      crl.verify(ca.getPublicKey());
      assertEquals(2, CertificateAuthority.crlNumber(crl), f.toString());
      assertEquals(1, crl.getRevokedCertificates().size(), f.toString());
      assertNotNull(crl.getRevokedCertificate(bSerial), f.toString());
    }
    assertTrue(SiteKit.load(out.resolve("server")).crl().isRevoked(SiteKit.load(out.resolve("sites/b")).certificate()));
    assertFalse(SiteKit.load(out.resolve("server")).crl().isRevoked(SiteKit.load(out.resolve("sites/a")).certificate()));

    // revoking a second site keeps the first; revoking again is reported, not duplicated
    Provisioning.Revoked rc = Provisioning.revoke(out, "c");
    assertFalse(rc.alreadyRevoked());
    assertEquals(3, rc.crlNumber());
    assertEquals(2, Pem.readCrl(out.resolve("server/crl.pem")).getRevokedCertificates().size());
    Provisioning.Revoked again = Provisioning.revoke(out, "b");
    assertTrue(again.alreadyRevoked());
    assertEquals(2, again.crl().getRevokedCertificates().size());

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Provisioning.revoke(out, "zz"));
    assertTrue(unknown.getMessage().contains("\"zz\"") && unknown.getMessage().contains("[a, b, c]"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Provisioning.revoke(out, "server"));
    assertThrows(IllegalArgumentException.class, () -> Provisioning.revoke(tmp.resolve("nowhere"), "a"));
  }

  @Test
  void certsInitPrintsPathsAndFingerprints() throws Exception {
    StringWriter sw = new StringWriter();
    Path out = tmp.resolve("fed");
    CertsCommands.init(out, "a, b", "127.0.0.1:7000", new PrintWriter(sw));
    String text = sw.toString();
    assertTrue(text.contains(out.resolve("ca/ca.crt").toString()), text);
    assertTrue(text.contains(SiteKit.load(out.resolve("sites/b")).fingerprint()), text);
    assertTrue(text.contains(CertInfo.fingerprint(Pem.readCertificate(out.resolve("ca/ca.crt")))), text);
    assertTrue(text.contains("127.0.0.1:7000"), text);
  }

  /** OpenSSL, an independent implementation, must accept the chain and see the revocation. */
  @Test
  void openSslAgreesWithTheChainAndTheCrl() throws Exception {
    assumeTrue(openssl("version").exitCode == 0, "openssl not installed");
    Path out = tmp.resolve("fed");
    Provisioning.init(out, List.of("a", "b"), "localhost");
    String ca = out.resolve("ca/ca.crt").toString();
    assertEquals(0, openssl("verify", "-CAfile", ca, "-purpose", "sslclient", out.resolve("sites/a/cert.pem").toString()).exitCode);
    assertEquals(0, openssl("verify", "-CAfile", ca, "-purpose", "sslserver", out.resolve("server/cert.pem").toString()).exitCode);
    Run asServer = openssl("verify", "-CAfile", ca, "-purpose", "sslserver", out.resolve("sites/a/cert.pem").toString());
    assertNotEquals(0, asServer.exitCode, asServer.output);
    Provisioning.revoke(out, "b");
    String crl = out.resolve("ca/crl.pem").toString();
    Run revoked = openssl("verify", "-CAfile", ca, "-CRLfile", crl, "-crl_check", out.resolve("sites/b/cert.pem").toString());
    assertNotEquals(0, revoked.exitCode, revoked.output);
    assertTrue(revoked.output.contains("revoked"), revoked.output);
    assertEquals(0, openssl("verify", "-CAfile", ca, "-CRLfile", crl, "-crl_check", out.resolve("sites/a/cert.pem").toString()).exitCode);
    assertEquals(0, openssl("pkey", "-in", out.resolve("sites/a/key.pem").toString(), "-noout").exitCode);
  }

  private record Run(int exitCode, String output) {}

  private static Run openssl(String... args) throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Run(-1, "timeout");
      }
      return new Run(p.exitValue(), text);
    } catch (IOException e) {
      return new Run(-1, e.toString());
    }
  }
}
