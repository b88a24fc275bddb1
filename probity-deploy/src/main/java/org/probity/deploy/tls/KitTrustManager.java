package org.probity.deploy.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import io.grpc.netty.shaded.io.netty.handler.ssl.ResumableX509ExtendedTrustManager;
import org.probity.deploy.pki.CertInfo;
import org.probity.deploy.pki.CertificateAuthority;

/**
 * Trust for one federation (RFC 5280 path of length one, RFC 6125 host check): a peer certificate
 * is accepted only if the federation CA signed it, it is in its validity period, it is an end-entity
 * certificate with the extended key usage of its side (clientAuth for sites, serverAuth for the
 * server), its serial is not on the CRL in force, and (checking a server) its SAN names the host we
 * dialled; the JDK's PKIX trust manager then checks the rest. Each refusal is logged at WARNING with
 * the subject CN and the reason, which the JDK's own messages do not give. The server side
 * advertises no acceptable issuers, so a site holding a certificate from another CA still presents
 * it and the refusal names who tried. A resumed TLS session skips these checks; the class is also
 * Netty's {@link ResumableX509ExtendedTrustManager} for handlers built by {@code SslContext.newHandler},
 * but gRPC builds its own SslHandler, so for gRPC {@link CrlBoundSslContext} closes that gap.
 */
final class KitTrustManager extends X509ExtendedTrustManager implements ResumableX509ExtendedTrustManager {
  private static final System.Logger LOG = System.getLogger(TlsContexts.class.getName());

  private final boolean checksClients;
  private final X509Certificate ca;
  private final Supplier<X509CRL> crl;
  private final X509ExtendedTrustManager pkix;

  private KitTrustManager(boolean checksClients, X509Certificate ca, Supplier<X509CRL> crl) {
    this.checksClients = checksClients;
    this.ca = ca;
    this.crl = crl;
    this.pkix = pkixFor(ca);
  }

  /** Used by the server: checks sites' client certificates. */
  static KitTrustManager forServer(X509Certificate ca, Supplier<X509CRL> crl) {
    return new KitTrustManager(true, ca, crl);
  }

  /** Used by a site: checks the server's certificate. */
  static KitTrustManager forClient(X509Certificate ca, Supplier<X509CRL> crl) {
    return new KitTrustManager(false, ca, crl);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkClient(chain);
    pkix.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClient(chain);
    pkix.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkClient(chain);
    pkix.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkServer(chain, engine == null ? null : engine.getPeerHost());
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    String host = socket instanceof javax.net.ssl.SSLSocket ssl && ssl.getHandshakeSession() != null
        ? ssl.getHandshakeSession().getPeerHost() : null;
    checkServer(chain, host);
    pkix.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkServer(chain, null);
  }

  @Override
  public void resumeClientTrusted(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
    checkClient(chain);
  }

  @Override
  public void resumeServerTrusted(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
    checkServer(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    // the server lists none, so any client certificate is presented and its refusal can be logged by name
    return checksClients ? new X509Certificate[0] : new X509Certificate[] {ca};
  }

  private void checkClient(X509Certificate[] chain) throws CertificateException {
    if (!checksClients) {
      throw new CertificateException("this trust manager checks servers, not clients");
    }
    refuseIf(chain, common(chain, CertInfo.EKU_CLIENT_AUTH, "clientAuth"), "client");
  }

  private void checkServer(X509Certificate[] chain, String host) throws CertificateException {
    if (checksClients) {
      throw new CertificateException("this trust manager checks clients, not servers");
    }
    String reason = common(chain, CertInfo.EKU_SERVER_AUTH, "serverAuth");
    if (reason == null) {
      reason = hostMismatch(chain[0], host);
    }
    refuseIf(chain, reason, "server");
  }

  /** Why {@code chain} is refused, or null. */
  private String common(X509Certificate[] chain, String ekuOid, String ekuName) {
    if (chain == null || chain.length == 0) {
      return "no certificate presented";
    }
    X509Certificate leaf = chain[0];
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return "not issued by the federation CA (issuer " + leaf.getIssuerX500Principal().getName() + ")";
    }
    try {
      leaf.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return "signature does not verify with the federation CA's key (" + e.getMessage() + ")";
    }
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      return "expired on " + leaf.getNotAfter().toInstant();
    } catch (CertificateNotYetValidException e) {
      return "not valid before " + leaf.getNotBefore().toInstant();
    }
    if (leaf.getBasicConstraints() >= 0) {
      return "is a CA certificate, not a site's";
    }
    if (!CertInfo.hasExtendedKeyUsage(leaf, ekuOid)) {
      return "lacks the " + ekuName + " extended key usage";
    }
    X509CRL list = crl.get();
    if (list == null) {
      return "no revocation list available to check it against";
    }
    var entry = list.getRevokedCertificate(leaf.getSerialNumber());
    if (entry != null) {
      return "serial " + CertInfo.serialHex(leaf.getSerialNumber()) + " is revoked (CRL #"
          + CertificateAuthority.crlNumber(list) + ", since " + entry.getRevocationDate().toInstant() + ")";
    }
    return null;
  }

  private static String hostMismatch(X509Certificate leaf, String host) {
    if (host == null || host.isEmpty()) {
      return "no host name to check its subject alternative names against";
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ip = h.contains(":") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return "its subject alternative names cannot be parsed";
    }
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String v = String.valueOf(san.get(1));
        if (ip && type == 7 && sameAddress(v, h)) {
          return null;
        }
        if (!ip && type == 2 && v.toLowerCase(Locale.ROOT).equals(h.toLowerCase(Locale.ROOT))) {
          return null;
        }
      }
    }
    return "its subject alternative names " + sans + " do not include the host \"" + host + "\" we connected to";
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // both are literals, so no name lookup happens
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void refuseIf(X509Certificate[] chain, String reason, String side) throws CertificateException {
    if (reason == null) {
      return;
    }
    String cn = chain == null || chain.length == 0 ? "(none)" : CertInfo.commonName(chain[0]);
    String serial = chain == null || chain.length == 0 ? "-" : CertInfo.serialHex(chain[0].getSerialNumber());
    LOG.log(System.Logger.Level.WARNING, "TLS handshake refused: {0} certificate CN={1} serial={2}: {3}",
        side, cn, serial, reason);
    throw new CertificateException("probity: " + side + " certificate CN=" + cn + " refused: " + reason);
  }

  private static X509ExtendedTrustManager pkixFor(X509Certificate ca) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("federation-ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK's PKIX TrustManagerFactory gave no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("TlsContexts: cannot build a trust store for CA " + ca.getSubjectX500Principal(), e);
    }
  }
}
