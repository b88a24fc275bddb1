package org.probity.deploy.transport;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;

/**
 * The client of the Status call, for {@code probity fl status}: one short call, with a deadline,
 * that returns the server's JSON summary (state, last completed round, and per site its client id,
 * registration, liveness and time since its last heartbeat). Under mutual TLS the caller presents
 * a kit's client certificate like any site.
 */
public final class StatusClient {
  private StatusClient() {}

  /**
   * @param target the server's host:port
   * @param sslContext a client TLS context, or null for a plaintext test server
   */
  public static String query(String target, SslContext sslContext, long timeoutMillis) {
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(target);
    if (sslContext != null) {
      b.sslContext(sslContext);
    } else {
      b.usePlaintext();
    }
    ManagedChannel ch = b.build();
    try {
      byte[] reply = ClientCalls.blockingUnaryCall(ch, Rpc.STATUS,
          CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), Messages.empty(Wire.STATUS));
      return Messages.decodeText(reply, Wire.STATUS, "status");
    } finally {
      ch.shutdownNow();
    }
  }
}
