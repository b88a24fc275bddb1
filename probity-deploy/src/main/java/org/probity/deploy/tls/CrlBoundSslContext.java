package org.probity.deploy.tls;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/**
 * A server SslContext that is rebuilt whenever the CRL in force changes. TLS session resumption
 * (TLS 1.3 tickets, TLS 1.2 session ids) skips the trust manager, and gRPC creates its SslHandler
 * itself, so Netty's resumption hook is never called: a site revoked after its first handshake
 * could come back on a cached session. A fresh JDK SSLContext has a fresh session cache and fresh
 * ticket keys, so every session issued under the old CRL is unusable and the next connection makes
 * a full handshake, which checks the new CRL. Connections already open are not affected (see
 * {@link PeerIdentity} for a per-call check).
 */
final class CrlBoundSslContext extends SslContext {
  private final Supplier<X509CRL> crl;
  private final Function<Supplier<X509CRL>, SslContext> build;
  private volatile SslContext inner;
  private volatile X509CRL builtFor;

  CrlBoundSslContext(Supplier<X509CRL> crl, Function<Supplier<X509CRL>, SslContext> build) {
    this.crl = crl;
    this.build = build;
    this.builtFor = crl.get();
    this.inner = build.apply(crl);
  }

  private SslContext current() {
    X509CRL now = crl.get();
    X509CRL was = builtFor;
    if (now != was && (now == null || !now.equals(was))) {
      synchronized (this) {
        if (builtFor == was) {
          inner = build.apply(crl);
          builtFor = now;
        }
      }
    }
    return inner;
  }

  @Override
  public boolean isClient() {
    return false;
  }

  @Override
  public List<String> cipherSuites() {
    return inner.cipherSuites();
  }

  @Override
  public long sessionCacheSize() {
    return inner.sessionCacheSize();
  }

  @Override
  public long sessionTimeout() {
    return inner.sessionTimeout();
  }

  @Override
  @SuppressWarnings("deprecation")
  public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
    return inner.applicationProtocolNegotiator();
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc) {
    return current().newEngine(alloc);
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
    return current().newEngine(alloc, peerHost, peerPort);
  }

  @Override
  public SSLSessionContext sessionContext() {
    return current().sessionContext();
  }
}
