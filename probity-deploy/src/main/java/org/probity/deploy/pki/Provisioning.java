package org.probity.deploy.pki;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Creates and maintains a federation folder (NVIDIA FLARE's "provision" step): {@code ca/} with the
 * CA certificate, the CA key (mode 600, the only copy), the current CRL and index.yaml (which serial
 * was issued to whom); {@code server/} with the server's kit; {@code sites/<name>/} with one kit per
 * site. {@link #revoke} adds a site's serial to the CRL, re-signs it with the next CRL number and
 * writes it into ca/ and into every kit, so a server reading its kit's crl.pem refuses that site from
 * its next handshake (or restart). Every file is written atomically; init refuses a non-empty folder
 * so an existing CA key is never overwritten.
 */
public final class Provisioning {
  /** Port assumed when the server hint names none. */
  public static final int DEFAULT_PORT = 9443;
  public static final String CA_DIR = "ca";
  public static final String SERVER_DIR = "server";
  public static final String SITES_DIR = "sites";
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String CA_CRL = "crl.pem";
  public static final String INDEX = "index.yaml";

  private Provisioning() {}

  /** What {@link #init} wrote. */
  public record Provisioned(Path outDir, String federation, X509Certificate caCertificate, X509CRL crl,
      SiteKit server, List<SiteKit> sites) {}

  /** What {@link #revoke} did; {@code alreadyRevoked} when the serial was listed before (the CRL is re-pushed). */
  public record Revoked(String site, BigInteger serial, boolean alreadyRevoked, long crlNumber, X509CRL crl,
      List<Path> crlFiles) {}

  /**
   * Creates a CA, a server kit and one kit per site in {@code outDir} (created if absent; refused if
   * it exists and is not empty). {@code serverHost} is "host" or "host:port" (port default
   * {@value #DEFAULT_PORT}); the host goes into the server certificate's SAN beside localhost and
   * 127.0.0.1 and into every kit.yaml as the address hint.
   */
  public static Provisioned init(Path outDir, List<String> sites, String serverHost) throws IOException {
    List<String> names = SiteNames.checkAll(sites);
    String server = normalizeServer(serverHost);
    Path out = outDir.toAbsolutePath().normalize();
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new IllegalArgumentException("certs init: " + out + " exists and is not a directory");
      }
      try (Stream<Path> s = Files.list(out)) {
        List<String> found = s.limit(5).map(p -> p.getFileName().toString()).sorted().toList();
        if (!found.isEmpty()) {
          throw new IllegalArgumentException("certs init: " + out + " is not empty (found " + found
              + "); refusing to overwrite an existing federation and its CA key. Choose a new --out folder.");
        }
      }
    }
    String federation = "fed-" + HexFormat.of().formatHex(randomBytes(8));
    CertificateAuthority ca = CertificateAuthority.create(federation);
    X509CRL crl = ca.signCrl(List.of(), 1);
    CertificateAuthority.Issued srv = ca.issueServer(hostOf(server));
    Path caDir = out.resolve(CA_DIR);
    PkiFiles.mkdirs(out, false);
    PkiFiles.mkdirs(caDir, true);
    Pem.write(caDir.resolve(CA_KEY), ca.privateKey());
    Pem.write(caDir.resolve(CA_CERT), ca.certificate());
    Pem.write(caDir.resolve(CA_CRL), crl);

    Map<String, String> issued = new LinkedHashMap<>();
    SiteKit serverKit = new SiteKit(CertificateAuthority.SERVER_NAME, SiteKit.ROLE_SERVER, federation, server,
        srv.certificate(), srv.privateKey(), ca.certificate(), crl, out.resolve(SERVER_DIR));
    serverKit.save();
    issued.put(CertificateAuthority.SERVER_NAME, CertInfo.serialHex(srv.certificate().getSerialNumber()));
    List<SiteKit> kits = new ArrayList<>();
    PkiFiles.mkdirs(out.resolve(SITES_DIR), false);
    for (String n : names) {
      CertificateAuthority.Issued is = ca.issueSite(n);
      SiteKit k = new SiteKit(n, SiteKit.ROLE_SITE, federation, server, is.certificate(), is.privateKey(),
          ca.certificate(), crl, out.resolve(SITES_DIR).resolve(n));
      k.save();
      kits.add(k);
      issued.put(n, CertInfo.serialHex(is.certificate().getSerialNumber()));
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("federation", federation);
    index.put("server", server);
    index.put("issued", issued);
    String yaml = "# Serials issued by this CA (hex), read by `certs revoke`.\n" + SiteKit.yaml().writeValueAsString(index);
    PkiFiles.write(caDir.resolve(INDEX), yaml.getBytes(StandardCharsets.UTF_8), false);
    return new Provisioned(out, federation, ca.certificate(), crl, serverKit, List.copyOf(kits));
  }

  /**
   * Revokes {@code site}'s certificate: its serial joins the CRL in {@code outDir}/ca, the CRL is
   * re-signed with the next number and copied into the server's and every site's kit.
   */
  public static Revoked revoke(Path outDir, String site) throws IOException {
    Path out = outDir.toAbsolutePath().normalize();
    Path caDir = out.resolve(CA_DIR);
    if (!Files.isRegularFile(caDir.resolve(CA_KEY)) || !Files.isRegularFile(caDir.resolve(CA_CERT))) {
      throw new IllegalArgumentException("certs revoke: " + out + " is not a federation folder: expected "
          + CA_DIR + "/" + CA_CERT + " and " + CA_DIR + "/" + CA_KEY + " (made by certs init)");
    }
    if (CertificateAuthority.SERVER_NAME.equals(site)) {
      throw new IllegalArgumentException("certs revoke: \"server\" is the server's own kit; revoking it would stop "
          + "the federation. Provision a new federation instead.");
    }
    SiteNames.check(site);
    Map<String, BigInteger> issued = readIssued(caDir);
    BigInteger serial = issued.get(site);
    if (serial == null) {
      TreeSet<String> known = new TreeSet<>(issued.keySet());
      known.remove(CertificateAuthority.SERVER_NAME);
      throw new IllegalArgumentException("certs revoke: no site \"" + site + "\" in " + caDir.resolve(INDEX)
          + " (known sites: " + known + ")");
    }
    CertificateAuthority ca = CertificateAuthority.of(
        Pem.readCertificate(caDir.resolve(CA_CERT)), Pem.readPrivateKey(caDir.resolve(CA_KEY)));
    X509CRL old = Pem.readCrl(caDir.resolve(CA_CRL));
    try {
      old.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new KitException("certs revoke: " + caDir.resolve(CA_CRL) + " is not signed by " + caDir.resolve(CA_CERT), e);
    }
    List<CertificateAuthority.Revocation> entries = new ArrayList<>(CertificateAuthority.entries(old));
    boolean already = entries.stream().anyMatch(r -> r.serial().equals(serial));
    if (!already) {
      entries.add(new CertificateAuthority.Revocation(serial, Instant.now()));
    }
    long number = CertificateAuthority.crlNumber(old) + 1;
    X509CRL crl = ca.signCrl(entries, number);
    List<Path> written = new ArrayList<>();
    Pem.write(caDir.resolve(CA_CRL), crl);
    written.add(caDir.resolve(CA_CRL));
    List<Path> kits = new ArrayList<>();
    kits.add(out.resolve(SERVER_DIR));
    Path sitesDir = out.resolve(SITES_DIR);
    if (Files.isDirectory(sitesDir)) {
      try (Stream<Path> s = Files.list(sitesDir)) {
        s.filter(Files::isDirectory).sorted().forEach(kits::add);
      }
    }
    for (Path k : kits) {
      if (Files.isRegularFile(k.resolve(SiteKit.CONFIG))) {
        Pem.write(k.resolve(SiteKit.CRL), crl);
        written.add(k.resolve(SiteKit.CRL));
      }
    }
    return new Revoked(site, serial, already, number, crl, List.copyOf(written));
  }

  /** "host:port" with the default port filled in; null or blank means "localhost". */
  public static String normalizeServer(String serverHost) {
    String s = serverHost == null || serverHost.isBlank() ? "localhost" : serverHost.trim();
    String host = hostOf(s);
    int port = portOf(s);
    CertificateAuthority.hostName(host); // validates
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static String hostOf(String hint) {
    if (hint.startsWith("[")) {
      int end = hint.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("server \"" + hint + "\" is invalid: expected [IPv6]:port");
      }
      return hint.substring(1, end);
    }
    int colon = hint.indexOf(':');
    if (colon >= 0 && colon == hint.lastIndexOf(':')) {
      return hint.substring(0, colon);
    }
    return hint; // no port, or a bare IPv6 literal
  }

  static int portOf(String hint) {
    String rest;
    if (hint.startsWith("[")) {
      int end = hint.indexOf(']');
      rest = end >= 0 && end + 1 < hint.length() && hint.charAt(end + 1) == ':' ? hint.substring(end + 2) : null;
    } else {
      int colon = hint.indexOf(':');
      rest = colon >= 0 && colon == hint.lastIndexOf(':') ? hint.substring(colon + 1) : null;
    }
    if (rest == null) {
      return DEFAULT_PORT;
    }
    try {
      int p = Integer.parseInt(rest);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("server \"" + hint + "\" has port \"" + rest + "\": expected 1..65535");
    }
  }

  private static Map<String, BigInteger> readIssued(Path caDir) throws IOException {
    Path p = caDir.resolve(INDEX);
    JsonNode n;
    try {
      n = SiteKit.yaml().readTree(Files.readString(p, StandardCharsets.UTF_8));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new KitException(p + " is missing: expected the index of issued serials written by certs init", e);
    }
    JsonNode issued = n == null ? null : n.get("issued");
    if (issued == null || !issued.isObject()) {
      throw new KitException(p + " has no 'issued' mapping (expected name: serial-in-hex)");
    }
    Map<String, BigInteger> out = new LinkedHashMap<>();
    var it = issued.fields();
    while (it.hasNext()) {
      var e = it.next();
      try {
        out.put(e.getKey(), new BigInteger(e.getValue().asText(), 16));
      } catch (NumberFormatException ex) {
        throw new KitException(p + ": serial of \"" + e.getKey() + "\" is \"" + e.getValue().asText()
            + "\", expected hex", ex);
      }
    }
    return out;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
