package org.probity.deploy.pki;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Small read-only views of an X.509 certificate used in logs, summaries and checks: the subject's
 * common name (the site name, RFC 5280 §4.1.2.6), the SHA-256 fingerprint operators compare by
 * eye (as {@code openssl x509 -fingerprint -sha256} prints it) and the serial in hex, the form a CRL
 * and {@code openssl crl -text} show.
 */
public final class CertInfo {
  /** OID of the TLS web-client-authentication extended key usage (RFC 5280 §4.2.1.12). */
  public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  /** OID of the TLS web-server-authentication extended key usage. */
  public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private CertInfo() {}

  /** The subject's first CN, or "" when the subject has none. */
  public static String commonName(X509Certificate cert) {
    X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length == 0) {
      return "";
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  /** SHA-256 over the DER certificate, upper-case hex pairs joined by ':'. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      StringBuilder sb = new StringBuilder(d.length * 3);
      for (int i = 0; i < d.length; i++) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(String.format(Locale.ROOT, "%02X", d[i] & 0xff));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("fingerprint: cannot hash certificate " + cert.getSubjectX500Principal(), e);
    }
  }

  /** The serial number as lower-case hex, e.g. "3f9a...". */
  public static String serialHex(BigInteger serial) {
    return serial.toString(16);
  }

  /** Whether the certificate's extended key usage lists {@code oid}. */
  public static boolean hasExtendedKeyUsage(X509Certificate cert, String oid) {
    try {
      List<String> eku = cert.getExtendedKeyUsage();
      return eku != null && eku.contains(oid);
    } catch (CertificateParsingException e) {
      return false;
    }
  }
}
