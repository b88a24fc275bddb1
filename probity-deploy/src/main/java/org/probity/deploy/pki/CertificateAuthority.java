package org.probity.deploy.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A federation's certificate authority (RFC 5280 profile, after NVIDIA FLARE's provisioning): a
 * self-signed CA on an EC P-256 key (10 years; basicConstraints CA, keyCertSign|cRLSign), which
 * issues the server's certificate (serverAuth, SAN localhost/127.0.0.1/the server's host) and one
 * certificate per site (clientAuth, CN = site name), each for 2 years with a random 128-bit serial,
 * and signs the revocation list that the server checks at every handshake. Keys come from the JDK's
 * KeyPairGenerator and signatures from the JDK's SHA256withECDSA; BouncyCastle only assembles the
 * ASN.1, so it is never registered as a provider. The CA key should stay in the federation's ca/
 * folder: whoever holds it can admit anyone.
 */
public final class CertificateAuthority {
  /** Validity of the CA certificate. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** Validity of server and site certificates. */
  public static final Duration SITE_VALIDITY = Duration.ofDays(730);
  /** Clock skew tolerated between the CA's machine and the sites': certificates start this much earlier. */
  public static final Duration BACKDATE = Duration.ofHours(1);
  /** The kit name (and CN) of the server's certificate. */
  public static final String SERVER_NAME = "server";

  private static final String SIG_ALG = "SHA256withECDSA";
  private static final Pattern DNS_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final String federation;
  private final SecureRandom random;

  /** A certificate and the private key it certifies. */
  public record Issued(X509Certificate certificate, PrivateKey privateKey) {}

  /** One entry of a CRL: a revoked serial and when it was revoked. */
  public record Revocation(BigInteger serial, Instant revokedAt) {}

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, String federation, SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.federation = federation;
    this.random = random;
  }

  /** Creates a new CA (fresh key, self-signed certificate) for the federation named {@code federation}. */
  public static CertificateAuthority create(String federation) {
    if (federation == null || federation.isBlank()) {
      throw new IllegalArgumentException("CertificateAuthority.create: federation id is blank");
    }
    SecureRandom rnd = new SecureRandom();
    KeyPair kp = newKeyPair(rnd);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, federation).addRDN(BCStyle.CN, "Probity federation CA " + federation).build();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(rnd),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, kp.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(kp.getPrivate())));
      return new CertificateAuthority(cert, kp.getPrivate(), federation, rnd);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("CertificateAuthority.create: cannot build the CA certificate for " + federation, e);
    }
  }

  /**
   * Loads an existing CA; checks that {@code certificate} is a CA certificate and that
   * {@code privateKey} belongs to it.
   */
  public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
    if (certificate.getBasicConstraints() < 0) {
      throw new KitException("CertificateAuthority: " + certificate.getSubjectX500Principal()
          + " is not a CA certificate (basicConstraints CA=false)");
    }
    if (!keyMatches(privateKey, certificate.getPublicKey())) {
      throw new KitException("CertificateAuthority: the private key does not match the CA certificate "
          + certificate.getSubjectX500Principal());
    }
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    var os = name.getRDNs(BCStyle.O);
    String fed = os.length == 0 ? "" : os[0].getFirst().getValue().toString();
    return new CertificateAuthority(certificate, privateKey, fed, new SecureRandom());
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The federation id (the CA subject's O). */
  public String federation() {
    return federation;
  }

  /**
   * Issues the server's certificate: CN "server", serverAuth, SAN DNS localhost, IP 127.0.0.1 and
   * ::1, and {@code host} (a DNS name or an IP literal) when it is another name.
   */
  public Issued issueServer(String host) {
    Set<GeneralName> sans = new LinkedHashSet<>();
    sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
    sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    sans.add(new GeneralName(GeneralName.iPAddress, "::1"));
    if (host != null && !host.isBlank()) {
      sans.add(hostName(host));
    }
    return issue(SERVER_NAME, "server", KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans.toArray(new GeneralName[0])));
  }

  /** Issues a site's certificate: CN = {@code site}, clientAuth only. */
  public Issued issueSite(String site) {
    SiteNames.check(site);
    return issue(site, "site", KeyPurposeId.id_kp_clientAuth, null);
  }

  /**
   * Signs a CRL (RFC 5280 §5, v2) listing {@code revoked}, numbered {@code crlNumber}. Its
   * nextUpdate is the CA's expiry: the CRL is pushed with the kits rather than fetched, so it never
   * goes stale on its own.
   */
  public X509CRL signCrl(Collection<Revocation> revoked, long crlNumber) {
    Instant now = Instant.now();
    try {
      JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(certificate, Date.from(now));
      b.setNextUpdate(certificate.getNotAfter());
      for (Revocation r : revoked) {
        b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.unspecified);
      }
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter().getCRL(b.build(signer(privateKey)));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("CertificateAuthority.signCrl: cannot sign CRL #" + crlNumber, e);
    }
  }

  /** The entries of {@code crl}, in serial order, for re-signing with one more. */
  public static List<Revocation> entries(X509CRL crl) {
    List<Revocation> out = new ArrayList<>();
    if (crl.getRevokedCertificates() != null) {
      for (var e : crl.getRevokedCertificates()) {
        out.add(new Revocation(e.getSerialNumber(), e.getRevocationDate().toInstant()));
      }
    }
    out.sort((a, b) -> a.serial().compareTo(b.serial()));
    return out;
  }

  /** The CRL number extension of {@code crl}, or 0 when it has none. */
  public static long crlNumber(X509CRL crl) {
    byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
    if (ext == null) {
      return 0;
    }
    var octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
    return CRLNumber.getInstance(octets).getCRLNumber().longValueExact();
  }

  /** A fresh EC P-256 key pair from the JDK. */
  public static KeyPair newKeyPair(SecureRandom rnd) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), rnd);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("newKeyPair: the JDK has no EC P-256 key generator", e);
    }
  }

  /** Whether {@code key} signs what {@code pub} verifies (a sign/verify round trip on a fixed message). */
  public static boolean keyMatches(PrivateKey key, PublicKey pub) {
    try {
      byte[] msg = "probity key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(SIG_ALG);
      s.initSign(key);
      s.update(msg);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(SIG_ALG);
      v.initVerify(pub);
      v.update(msg);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private Issued issue(String cn, String ou, KeyPurposeId eku, GeneralNames sans) {
    KeyPair kp = newKeyPair(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, federation).addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, cn).build();
    Instant now = Instant.now();
    Date notAfter = Date.from(now.plus(SITE_VALIDITY));
    if (notAfter.after(certificate.getNotAfter())) {
      notAfter = certificate.getNotAfter();
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
          Date.from(now.minus(BACKDATE)), notAfter, subject, kp.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      if (sans != null) {
        b.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(privateKey)));
      return new Issued(cert, kp.getPrivate());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("CertificateAuthority.issue: cannot build the certificate for " + cn, e);
    }
  }

  /** A DNS name or IP literal as a SAN entry; anything else is refused naming the value. */
  static GeneralName hostName(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (IPV4.matcher(h).matches()) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("server host \"" + host + "\" is not a valid IPv4 address (octet " + part + " > 255)");
        }
      }
    }
    if (IPV4.matcher(h).matches() || h.contains(":")) {
      try {
        // a literal: InetAddress parses it without a DNS lookup
        InetAddress.getByName(h);
        return new GeneralName(GeneralName.iPAddress, h);
      } catch (UnknownHostException | IllegalArgumentException e) {
        throw new IllegalArgumentException("server host \"" + host + "\" is not a valid IP address", e);
      }
    }
    if (h.length() > 253 || !DNS_NAME.matcher(h).matches()) {
      throw new IllegalArgumentException("server host \"" + host
          + "\" is invalid: expected a DNS name (letters, digits, '-' and '.') or an IP address");
    }
    return new GeneralName(GeneralName.dNSName, h.toLowerCase(java.util.Locale.ROOT));
  }

  private static BigInteger serial(SecureRandom rnd) {
    BigInteger s;
    do {
      s = new BigInteger(128, rnd);
    } while (s.signum() == 0);
    return s;
  }

  private static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(SIG_ALG).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("CertificateAuthority: no " + SIG_ALG + " signer in the JDK", e);
    }
  }
}
