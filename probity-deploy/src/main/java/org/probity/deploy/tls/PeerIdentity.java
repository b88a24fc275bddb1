package org.probity.deploy.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.probity.deploy.pki.CertInfo;
import org.probity.deploy.pki.SiteNames;

/**
 * A gRPC server interceptor that turns the TLS peer into a site name: it reads the connection's
 * SSL session ({@link Grpc#TRANSPORT_ATTR_SSL_SESSION}), takes the CN of the client certificate the
 * handshake verified, and binds it to {@link #SITE} for the call, so service code asks
 * {@code PeerIdentity.SITE.get()} instead of trusting a name sent in a message (identity from the
 * channel, not the payload). A call without a verified certificate, or whose CN is not a site name,
 * is closed with UNAUTHENTICATED and logged. Built with a CRL ({@link #PeerIdentity(Supplier)}),
 * it also refuses calls from a certificate revoked after its connection was opened: HTTP/2
 * connections live long, and the handshake check only guards new ones.
 */
public final class PeerIdentity implements ServerInterceptor {
  private static final System.Logger LOG = System.getLogger(PeerIdentity.class.getName());

  /** The calling site's name (its certificate's CN), set for every call that passed this interceptor. */
  public static final Context.Key<String> SITE = Context.key("probity-peer-site");
  /** The calling site's verified certificate. */
  public static final Context.Key<X509Certificate> CERTIFICATE = Context.key("probity-peer-certificate");

  private final Supplier<X509CRL> crl;

  /** Checks only that the connection carries a verified site certificate (the handshake checked the CRL). */
  public PeerIdentity() {
    this.crl = null;
  }

  /** Also refuses, at every call, a certificate that {@code crl} lists (e.g. {@code CrlSource.watching(kit)}). */
  public PeerIdentity(Supplier<X509CRL> crl) {
    this.crl = java.util.Objects.requireNonNull(crl, "crl");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Optional<X509Certificate> cert = peerCertificate(call);
    String refusal = null;
    String cn = null;
    if (cert.isEmpty()) {
      refusal = "no verified client certificate on this connection (mutual TLS with a federation kit is required)";
    } else {
      cn = CertInfo.commonName(cert.get());
      if (!SiteNames.isValid(cn)) {
        refusal = "client certificate CN \"" + cn + "\" is not a site name (" + SiteNames.RULE.pattern() + ")";
      } else if (crl != null) {
        X509CRL list = crl.get();
        if (list == null || list.isRevoked(cert.get())) {
          refusal = list == null ? "no revocation list available" : "certificate of site " + cn + " (serial "
              + CertInfo.serialHex(cert.get().getSerialNumber()) + ") has been revoked";
        }
      }
    }
    if (refusal != null) {
      LOG.log(System.Logger.Level.WARNING, "call {0} from {1} refused: {2}", call.getMethodDescriptor().getFullMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), refusal);
      call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
      return new ServerCall.Listener<Q>() {};
    }
    Context ctx = Context.current().withValues(SITE, cn, CERTIFICATE, cert.get());
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  /** The verified peer certificate of {@code call}'s connection, if any. */
  public static Optional<X509Certificate> peerCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
