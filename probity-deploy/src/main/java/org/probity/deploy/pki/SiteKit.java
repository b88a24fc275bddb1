package org.probity.deploy.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One identity's startup kit (NVIDIA FLARE's term): the folder a site or the server is given, with
 * its certificate ({@value #CERT}), private key ({@value #KEY}), the federation CA's certificate
 * ({@value #CA}), the current revocation list ({@value #CRL}) and {@value #CONFIG} ({name, role,
 * federation, server}). {@link #load} checks that the pieces fit together (key matches
 * certificate, certificate and CRL signed by the CA, CN = name, usage fits the role) so a broken
 * kit fails at start-up with a message naming the file, not later as an opaque handshake error.
 */
public record SiteKit(String name, String role, String federation, String server, X509Certificate certificate,
    PrivateKey privateKey, X509Certificate caCertificate, X509CRL crl, Path dir) {
  /** Role of the server's kit. */
  public static final String ROLE_SERVER = "server";
  /** Role of a site's kit. */
  public static final String ROLE_SITE = "site";
  public static final String CONFIG = "kit.yaml";
  public static final String CERT = "cert.pem";
  public static final String KEY = "key.pem";
  public static final String CA = "ca.pem";
  public static final String CRL = "crl.pem";

  public SiteKit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(crl, "crl");
    Objects.requireNonNull(dir, "dir");
    if (!ROLE_SERVER.equals(role) && !ROLE_SITE.equals(role)) {
      throw new IllegalArgumentException("kit " + dir + ": role \"" + role + "\" is invalid: expected server or site");
    }
  }

  public boolean isServer() {
    return ROLE_SERVER.equals(role);
  }

  /** SHA-256 fingerprint of this kit's certificate. */
  public String fingerprint() {
    return CertInfo.fingerprint(certificate);
  }

  /** The host part of the {@code server} hint ("host:port", "[v6]:port" or "host"). */
  public String serverHost() {
    return Provisioning.hostOf(server);
  }

  /** The port of the {@code server} hint, {@link Provisioning#DEFAULT_PORT} when it names none. */
  public int serverPort() {
    return Provisioning.portOf(server);
  }

  /** The same kit with another CRL (after a revocation was received). */
  public SiteKit withCrl(X509CRL newCrl) {
    return new SiteKit(name, role, federation, server, certificate, privateKey, caCertificate, newCrl, dir);
  }

  /** Writes every file of the kit into {@link #dir} atomically (the key mode 600, the folder 700). */
  public void save() throws IOException {
    PkiFiles.mkdirs(dir, true);
    Pem.write(dir.resolve(CERT), certificate);
    Pem.write(dir.resolve(KEY), privateKey);
    Pem.write(dir.resolve(CA), caCertificate);
    Pem.write(dir.resolve(CRL), crl);
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("name", name);
    cfg.put("role", role);
    cfg.put("federation", federation);
    cfg.put("server", server);
    String yaml = "# Probity federation kit: give this folder only to \"" + name + "\"; " + KEY + " is its secret.\n"
        + yaml().writeValueAsString(cfg);
    PkiFiles.write(dir.resolve(CONFIG), yaml.getBytes(StandardCharsets.UTF_8), false);
  }

  /** Loads and checks the kit in {@code dir}; any problem is a {@link KitException} naming the file. */
  public static SiteKit load(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(d)) {
      throw new KitException("kit " + d + ": not a directory (expected a folder with " + CONFIG + ", " + CERT + ", "
          + KEY + ", " + CA + ", " + CRL + ")");
    }
    JsonNode cfg = readConfig(d);
    String name = field(d, cfg, "name", "the site name");
    String role = field(d, cfg, "role", "server or site");
    String federation = field(d, cfg, "federation", "the federation id");
    String server = field(d, cfg, "server", "the server's host:port");
    if (!ROLE_SERVER.equals(role) && !ROLE_SITE.equals(role)) {
      throw new KitException("kit " + d + ": " + CONFIG + " has role \"" + role + "\": expected server or site");
    }
    if (ROLE_SITE.equals(role) && !SiteNames.isValid(name)) {
      throw new KitException("kit " + d + ": " + CONFIG + " has name \"" + name + "\": expected "
          + SiteNames.RULE.pattern() + ", not " + SiteNames.RESERVED);
    }
    X509Certificate cert = read(d, CERT, Pem::readCertificate);
    PrivateKey key = read(d, KEY, Pem::readPrivateKey);
    X509Certificate ca = read(d, CA, Pem::readCertificate);
    X509CRL crl = read(d, CRL, Pem::readCrl);

    if (ca.getBasicConstraints() < 0) {
      throw new KitException("kit " + d + ": " + CA + " is not a CA certificate (basicConstraints CA=false)");
    }
    try {
      cert.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new KitException("kit " + d + ": " + CERT + " is not signed by the CA in " + CA + " (issuer "
          + cert.getIssuerX500Principal() + ", CA " + ca.getSubjectX500Principal() + ")", e);
    }
    try {
      cert.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new KitException("kit " + d + ": " + CERT + " expired on " + cert.getNotAfter().toInstant()
          + "; ask the federation operator for a new kit", e);
    } catch (CertificateNotYetValidException e) {
      throw new KitException("kit " + d + ": " + CERT + " is not valid before " + cert.getNotBefore().toInstant()
          + " (is this machine's clock right?)", e);
    }
    if (!CertificateAuthority.keyMatches(key, cert.getPublicKey())) {
      throw new KitException("kit " + d + ": " + KEY + " does not match the public key in " + CERT);
    }
    String cn = CertInfo.commonName(cert);
    if (!cn.equals(name)) {
      throw new KitException("kit " + d + ": " + CERT + " is for CN \"" + cn + "\" but " + CONFIG + " names \""
          + name + "\"");
    }
    String eku = ROLE_SERVER.equals(role) ? CertInfo.EKU_SERVER_AUTH : CertInfo.EKU_CLIENT_AUTH;
    if (!CertInfo.hasExtendedKeyUsage(cert, eku)) {
      throw new KitException("kit " + d + ": " + CERT + " lacks the "
          + (ROLE_SERVER.equals(role) ? "serverAuth" : "clientAuth") + " extended key usage a " + role + " kit needs");
    }
    try {
      crl.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new KitException("kit " + d + ": " + CRL + " is not signed by the CA in " + CA, e);
    }
    return new SiteKit(name, role, federation, server, cert, key, ca, crl, d);
  }

  private static <T> T read(Path dir, String file, Function<Path, T> reader) {
    Path p = dir.resolve(file);
    try {
      return reader.apply(p);
    } catch (KitException e) {
      throw new KitException("kit " + dir + ": " + e.getMessage().replace(p.toString(), file), e.getCause());
    }
  }

  private static JsonNode readConfig(Path d) {
    Path p = d.resolve(CONFIG);
    String expected = "(expected YAML with name, role, federation, server)";
    try {
      JsonNode n = yaml().readTree(Files.readString(p, StandardCharsets.UTF_8));
      if (n == null || !n.isObject()) {
        throw new KitException("kit " + d + ": " + CONFIG + " is not a YAML mapping " + expected);
      }
      return n;
    } catch (NoSuchFileException e) {
      throw new KitException("kit " + d + ": " + CONFIG + " is missing " + expected, e);
    } catch (IOException e) {
      throw new KitException("kit " + d + ": " + CONFIG + " cannot be read: " + e.getMessage() + " " + expected, e);
    }
  }

  private static String field(Path d, JsonNode cfg, String key, String expected) {
    JsonNode v = cfg.get(key);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new KitException("kit " + d + ": " + CONFIG + " has no '" + key + "' (expected " + expected + ")");
    }
    return v.asText();
  }

  static ObjectMapper yaml() {
    return new ObjectMapper(new YAMLFactory());
  }
}
