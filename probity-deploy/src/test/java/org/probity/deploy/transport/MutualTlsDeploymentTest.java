package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.deploy.pki.Provisioning;
import org.probity.deploy.pki.SiteKit;
import org.probity.deploy.tls.PeerIdentity;
import org.probity.deploy.tls.TlsContexts;
import org.probity.federated.FederationResult;

/**
 * The same three-site federation over mutual TLS with kits from {@link Provisioning}: sites are
 * identified by their certificates ({@link PeerIdentity}), a {@code probity-site} header naming
 * another site is ignored, and the result still equals the simulation.
 */
class MutualTlsDeploymentTest extends LoopbackTest {
  @Test
  void threeSitesOverMutualTlsEqualTheSimulation() throws Exception {
    FederationResult sim = Sites.simulate();
    Path fed = dir.resolve("fed");
    List<String> names = new ArrayList<>(Sites.siteIds().keySet());
    Provisioning.init(fed, names, "localhost");
    SiteKit serverKit = SiteKit.load(fed.resolve(Provisioning.SERVER_DIR));
    FederationServer server = FederationServer.start(Sites.server(dir)
        .tls(TlsContexts.server(serverKit), new PeerIdentity(), PeerIdentity.SITE).build());
    track(server);
    int port = server.port();

    // Identity comes from the certificate: a header claiming another site changes nothing.
    SiteKit first = SiteKit.load(fed.resolve(Provisioning.SITES_DIR).resolve(names.get(0)));
    Metadata lie = new Metadata();
    lie.put(Rpc.SITE_HEADER, names.get(1));
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(TlsContexts.client(first))
        .intercept(MetadataUtils.newAttachHeadersInterceptor(lie)).build();
    try {
      Messages.Welcome w = Messages.decodeWelcome(ClientCalls.blockingUnaryCall(ch, Rpc.REGISTER,
          CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), Messages.empty(Wire.REGISTER)));
      assertEquals((int) Sites.siteIds().get(names.get(0)), w.clientId());
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    for (String name : names) {
      SiteKit kit = SiteKit.load(fed.resolve(Provisioning.SITES_DIR).resolve(name));
      int id = Sites.siteIds().get(name);
      ClientConfig c = new ClientConfig("127.0.0.1:" + port, TlsContexts.client(kit), null, recipe -> Sites.app(),
          Sites.DATA.get(id), null, 5000, 20, 250, id, 2 << 20, 256);
      track(FederationClient.start(c));
    }
    FederationResult dep = server.awaitResult(14_000);
    assertArrayEquals(sim.global().flatten().data(), dep.global().flatten().data());
    assertEquals(sim.rounds(), dep.rounds());
    String status = StatusClient.query("127.0.0.1:" + port, TlsContexts.client(first), 3000);
    assertTrue(status.contains("\"state\":\"done\""), status);
  }
}
