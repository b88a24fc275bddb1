package org.probity.deploy.tls;

import io.grpc.ServerCall;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.cert.X509CRL;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.probity.deploy.pki.SiteKit;

/**
 * Netty SSL contexts for the federation's gRPC channels, built from kits: mutual TLS 1.3/1.2 on the
 * JDK provider, where each side presents its kit certificate and trusts only the federation CA
 * (see {@link KitTrustManager} for the checks). The server requires a client certificate and
 * consults a CRL at every handshake, so {@link org.probity.deploy.pki.Provisioning#revoke revoking} a site takes effect
 * for new connections without a restart; connections already open stay until they close. Pass the
 * results to {@code NettyServerBuilder.sslContext} / {@code NettyChannelBuilder.sslContext}, and
 * add {@link PeerIdentity} to the server's services to learn which site is calling.
 *
 * @see org.probity.deploy.pki.Provisioning
 */
public final class TlsContexts {
  /** The protocol versions offered, newest first. */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /** The server's context; the CRL is the kit's crl.pem, re-read whenever provisioning replaces it. */
  public static SslContext server(SiteKit kit) {
    return server(kit, CrlSource.watching(kit));
  }

  /**
   * The server's context, checking client certificates against whatever CRL {@code crl} gives at
   * each handshake; when that CRL changes, sessions issued before are no longer resumed.
   */
  public static SslContext server(SiteKit kit, Supplier<X509CRL> crl) {
    requireRole(kit, SiteKit.ROLE_SERVER, "server");
    return new CrlBoundSslContext(crl, c -> buildServer(kit, c));
  }

  private static SslContext buildServer(SiteKit kit, Supplier<X509CRL> crl) {
    try {
      SslContextBuilder b = GrpcSslContexts.configure(
          SslContextBuilder.forServer(kit.privateKey(), kit.certificate()), SslProvider.JDK);
      return b.trustManager(KitTrustManager.forServer(kit.caCertificate(), crl))
          .clientAuth(ClientAuth.REQUIRE)
          .protocols(PROTOCOLS)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("TlsContexts.server: cannot build the TLS context for kit " + kit.dir(), e);
    }
  }

  /**
   * A site's context: presents the kit's certificate, accepts only a server certificate from the
   * federation CA, not revoked in the kit's CRL, whose SAN names the host dialled.
   */
  public static SslContext client(SiteKit kit) {
    requireRole(kit, SiteKit.ROLE_SITE, "client");
    try {
      SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK);
      return b.keyManager(kit.privateKey(), kit.certificate())
          .trustManager(KitTrustManager.forClient(kit.caCertificate(), CrlSource.fixed(kit.crl())))
          .endpointIdentificationAlgorithm("HTTPS")
          .protocols(PROTOCOLS)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("TlsContexts.client: cannot build the TLS context for kit " + kit.dir(), e);
    }
  }

  /** The verified site name of the caller of {@code call}, empty when the connection has no verified peer. */
  public static Optional<String> peerSite(ServerCall<?, ?> call) {
    return PeerIdentity.peerCertificate(call).map(org.probity.deploy.pki.CertInfo::commonName);
  }

  private static void requireRole(SiteKit kit, String role, String what) {
    if (!role.equals(kit.role())) {
      throw new IllegalArgumentException("TlsContexts." + what + ": kit " + kit.dir() + " has role \"" + kit.role()
          + "\"; expected a " + role + " kit");
    }
  }
}
