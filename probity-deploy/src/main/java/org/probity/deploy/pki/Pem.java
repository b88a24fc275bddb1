package org.probity.deploy.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM (RFC 7468) encoding and decoding of the three objects a kit holds: certificates, PKCS#8
 * private keys and X.509 CRLs, via BouncyCastle's JcaPEMWriter and PEMParser. Decoded objects are
 * converted to the JDK's own classes with the JDK's providers (BouncyCastle is not registered), so
 * they work with JSSE unchanged. Readers throw {@link KitException} naming the file and the object
 * expected.
 */
public final class Pem {
  private Pem() {}

  /** PEM text of a certificate, a CRL or (as PKCS#8 "PRIVATE KEY") a private key. */
  public static String encode(Object obj) {
    try {
      Object out = obj instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : obj;
      StringWriter sw = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
        w.writeObject(out);
      }
      return sw.toString();
    } catch (IOException e) {
      throw new IllegalStateException("pem: cannot encode " + obj.getClass().getSimpleName(), e);
    }
  }

  /** Atomically writes {@code obj} as PEM; private keys are written mode 600. */
  public static void write(Path file, Object obj) throws IOException {
    PkiFiles.write(file, encode(obj).getBytes(StandardCharsets.US_ASCII), obj instanceof PrivateKey);
  }

  /** Reads the first PEM object of {@code file} as a certificate. */
  public static X509Certificate readCertificate(Path file) {
    Object o = readObject(file, "a PEM certificate");
    if (!(o instanceof X509CertificateHolder h)) {
      throw notA(file, "a PEM certificate", o);
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (GeneralSecurityException e) {
      throw new KitException(file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Reads the first PEM object of {@code file} as an X.509 CRL. */
  public static X509CRL readCrl(Path file) {
    Object o = readObject(file, "a PEM X.509 CRL");
    if (!(o instanceof X509CRLHolder h)) {
      throw notA(file, "a PEM X.509 CRL", o);
    }
    try {
      return new JcaX509CRLConverter().getCRL(h);
    } catch (GeneralSecurityException e) {
      throw new KitException(file + " is not a PEM X.509 CRL: " + e.getMessage(), e);
    }
  }

  /** Reads a PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") EC private key. */
  public static PrivateKey readPrivateKey(Path file) {
    Object o = readObject(file, "a PEM private key");
    PrivateKeyInfo info;
    if (o instanceof PrivateKeyInfo p) {
      info = p;
    } else if (o instanceof PEMKeyPair kp) {
      info = kp.getPrivateKeyInfo();
    } else {
      throw notA(file, "a PEM private key", o);
    }
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
      throw new KitException(file + " is not a PEM private key of the expected kind: expected an EC key, found algorithm "
          + info.getPrivateKeyAlgorithm().getAlgorithm());
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new KitException(file + " is not a PEM private key: " + e.getMessage(), e);
    }
  }

  private static Object readObject(Path file, String expected) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KitException(file + " is missing: expected " + expected, e);
    } catch (IOException e) {
      throw new KitException(file + " cannot be read (" + e + "): expected " + expected, e);
    }
    try (PEMParser p = new PEMParser(new StringReader(text))) {
      Object o = p.readObject();
      if (o == null) {
        throw new KitException(file + " is not " + expected + ": no PEM block found");
      }
      return o;
    } catch (IOException | RuntimeException e) {
      if (e instanceof KitException k) {
        throw k;
      }
      throw new KitException(file + " is not " + expected + ": " + e.getMessage(), e);
    }
  }

  private static KitException notA(Path file, String expected, Object found) {
    return new KitException(file + " is not " + expected + " (found a " + found.getClass().getSimpleName() + ")");
  }
}
