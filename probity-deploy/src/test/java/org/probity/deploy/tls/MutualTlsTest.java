package org.probity.deploy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.deploy.pki.Provisioning;
import org.probity.deploy.pki.SiteKit;
import org.probity.deploy.transport.Rpc;

/**
 * Loopback gRPC over mutual TLS with kits from {@link Provisioning}: an echo service (no protobuf)
 * that answers with the caller's site name as {@link PeerIdentity} saw it.
 */
class MutualTlsTest {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = Rpc.BYTES;
  private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("probity.test.Echo", "Echo"))
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

  @TempDir Path tmp;
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private Logger tlsLog;
  private Handler capture;
  private Path fed;

  @BeforeEach
  void setUp() throws IOException {
    fed = tmp.resolve("fed");
    Provisioning.init(fed, List.of("a", "b"), "localhost");
    tlsLog = Logger.getLogger(TlsContexts.class.getName());
    capture = new Handler() {
      private final SimpleFormatter f = new SimpleFormatter();

      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLevel() + " " + f.formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    tlsLog.addHandler(capture);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    tlsLog.removeHandler(capture);
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server s : servers) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private int startServer(SslContext ctx) throws IOException {
    return startServer(ctx, new PeerIdentity());
  }

  private int startServer(SslContext ctx, PeerIdentity identity) throws IOException {
    ServerServiceDefinition echo = ServerServiceDefinition.builder("probity.test.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, obs) -> {
          obs.onNext((PeerIdentity.SITE.get() + ":" + new String(req, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
          obs.onCompleted();
        })).build();
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(echo, identity));
    if (ctx != null) {
      b.sslContext(ctx);
    }
    Server s = b.build().start();
    servers.add(s);
    return s.getPort();
  }

  private String call(int port, SslContext ctx, String authority) {
    return call(channel(port, ctx, authority));
  }

  private ManagedChannel channel(int port, SslContext ctx, String authority) {
    NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port);
    if (ctx == null) {
      b.usePlaintext();
    } else {
      b.sslContext(ctx);
    }
    if (authority != null) {
      b.overrideAuthority(authority);
    }
    ManagedChannel ch = b.build();
    channels.add(ch);
    return ch;
  }

  private static String call(ManagedChannel ch) {
    byte[] reply = ClientCalls.blockingUnaryCall(ch, ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
        "hi".getBytes(StandardCharsets.UTF_8));
    return new String(reply, StandardCharsets.UTF_8);
  }

  private SiteKit kit(String rel) {
    return SiteKit.load(fed.resolve(rel));
  }

  @Test
  void aSiteWithAValidKitGetsThroughAndTheServerSeesItsName() throws IOException {
    int port = startServer(TlsContexts.server(kit("server")));
    assertEquals("a:hi", call(port, TlsContexts.client(kit("sites/a")), null));
    assertEquals("b:hi", call(port, TlsContexts.client(kit("sites/b")), null));
    assertEquals("a:hi", call(port, TlsContexts.client(kit("sites/a")), "localhost"));
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtTheHandshakeAndLogged() throws IOException {
    int port = startServer(TlsContexts.server(kit("server")));
    Path other = tmp.resolve("other");
    Provisioning.init(other, List.of("mallory"), "localhost");
    SiteKit foreign = SiteKit.load(other.resolve("sites/mallory"));
    SiteKit a = kit("sites/a");
    // mallory trusts our CA (so she accepts the server) but holds a certificate from her own CA
    SiteKit impostor = new SiteKit("mallory", "site", a.federation(), a.server(), foreign.certificate(),
        foreign.privateKey(), a.caCertificate(), a.crl(), foreign.dir());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> call(port, TlsContexts.client(impostor), null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("CN=mallory")
        && l.contains("not issued by the federation CA")), logged.toString());
    // the server keeps serving members
    assertEquals("a:hi", call(port, TlsContexts.client(a), null));
  }

  @Test
  void aRevokedSiteIsRefusedAfterTheCrlIsReloadedAndOthersStillWork() throws IOException {
    SiteKit server = kit("server");
    CrlSource crl = CrlSource.watching(server);
    int port = startServer(TlsContexts.server(server, crl), new PeerIdentity(crl));
    // one context for b throughout: its JDK session cache offers the old session for resumption
    SslContext bCtx = TlsContexts.client(kit("sites/b"));
    assertEquals("b:hi", call(port, bCtx, null));
    ManagedChannel openBefore = channel(port, bCtx, null);
    assertEquals("b:hi", call(openBefore));

    Provisioning.Revoked r = Provisioning.revoke(fed, "b");
    assertTrue(crl.reload().isRevoked(kit("sites/b").certificate()));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(port, bCtx, null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("CN=b") && l.contains("revoked")
        && l.contains(r.serial().toString(16))), logged.toString());
    // a connection opened before the revocation is refused at its next call
    StatusRuntimeException old = assertThrows(StatusRuntimeException.class, () -> call(openBefore));
    assertEquals(Status.Code.UNAUTHENTICATED, old.getStatus().getCode(), old.toString());
    assertEquals("a:hi", call(port, TlsContexts.client(kit("sites/a")), null));
  }

  @Test
  void theDefaultServerContextPicksUpARevocationWrittenIntoItsKit() throws IOException {
    int port = startServer(TlsContexts.server(kit("server")));
    SslContext bCtx = TlsContexts.client(kit("sites/b"));
    assertEquals("b:hi", call(port, bCtx, null));
    Provisioning.revoke(fed, "b");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(port, bCtx, null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals("a:hi", call(port, TlsContexts.client(kit("sites/a")), null));
  }

  @Test
  void aClientRefusesAServerWhoseNameDoesNotMatchTheHostItDialled() throws IOException {
    int port = startServer(TlsContexts.server(kit("server")));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> call(port, TlsContexts.client(kit("sites/a")), "evil.example.org"));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertTrue(logged.stream().anyMatch(l -> l.contains("server certificate CN=server")
        && l.contains("evil.example.org")), logged.toString());
  }

  @Test
  void overTls12TheSameChecksHold() throws IOException {
    SiteKit server = kit("server");
    CrlSource crl = CrlSource.watching(server);
    int port = startServer(TlsContexts.server(server, crl));
    SslContext b12 = tls12Client(kit("sites/b"));
    assertEquals("b:hi", call(port, b12, null));
    Provisioning.revoke(fed, "b");
    crl.reload();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(port, b12, null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals("a:hi", call(port, tls12Client(kit("sites/a")), null));
  }

  private static SslContext tls12Client(SiteKit kit) throws javax.net.ssl.SSLException {
    return io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.configure(
            io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(),
            io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider.JDK)
        .keyManager(kit.privateKey(), kit.certificate())
        .trustManager(KitTrustManager.forClient(kit.caCertificate(), CrlSource.fixed(kit.crl())))
        .protocols("TLSv1.2")
        .build();
  }

  @Test
  void aCallWithoutAVerifiedPeerIsUnauthenticated() throws IOException {
    int port = startServer(null);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(port, null, null));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
  }

  @Test
  void kitsAreUsedOnlyInTheirRole() {
    assertThrows(IllegalArgumentException.class, () -> TlsContexts.server(kit("sites/a")));
    assertThrows(IllegalArgumentException.class, () -> TlsContexts.client(kit("server")));
  }
}
