package org.probity.deploy.transport;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.probity.federated.ClientData;
import org.probity.federated.ClientStateStore;
import org.probity.federated.InMemoryStateStore;

/**
 * Everything a {@link FederationClient} needs: the server's {@code host:port}, the TLS context
 * (null = plaintext, loopback tests only, where {@code site} is sent in the {@code probity-site}
 * header; under TLS the server takes the site from the certificate and ignores the header), how
 * to build the training code from the server's recipe, the site's own data and state store, and
 * the reconnection policy: exponential back-off from {@code backoffBaseMillis} doubling up to
 * {@code backoffCapMillis}, each wait jittered to [1/2, 1] of its value from a generator seeded by
 * {@code jitterSeed} (so that sites restarted together do not reconnect in lock step, yet a test
 * repeats).
 */
public record ClientConfig(String target, SslContext sslContext, String site, ClientAppFactory factory,
    ClientData data, ClientStateStore store, long callTimeoutMillis, long backoffBaseMillis, long backoffCapMillis,
    long jitterSeed, int maxMessageBytes, int chunkBytes) {

  public ClientConfig {
    if (target == null || !target.contains(":")) {
      throw new IllegalArgumentException("fl client: server address '" + target + "' is not host:port");
    }
    if (factory == null || data == null) {
      throw new IllegalArgumentException("fl client: a client-app factory and local data are required");
    }
    if (sslContext == null && (site == null || site.isEmpty())) {
      throw new IllegalArgumentException("fl client: plaintext mode needs a site name for the probity-site header");
    }
    if (callTimeoutMillis < 1 || backoffBaseMillis < 1 || backoffCapMillis < backoffBaseMillis) {
      throw new IllegalArgumentException("fl client: call timeout " + callTimeoutMillis + " ms, back-off "
          + backoffBaseMillis + ".." + backoffCapMillis + " ms are not valid");
    }
    if (chunkBytes < 4 || chunkBytes > ParamsWire.MAX_CHUNK_BYTES || chunkBytes + 64 > maxMessageBytes) {
      throw new IllegalArgumentException("fl client: chunks of " + chunkBytes + " bytes do not fit messages of "
          + maxMessageBytes + " bytes");
    }
    if (store == null) {
      store = new InMemoryStateStore();
    }
  }

  /**
   * A client with the defaults: 60 s per call (beyond the long poll), back-off 200 ms .. 30 s,
   * 2 MiB messages and 1 MiB chunks, an in-memory state store.
   */
  public static ClientConfig of(String target, SslContext sslContext, String site, ClientAppFactory factory,
      ClientData data) {
    return new ClientConfig(target, sslContext, site, factory, data, new InMemoryStateStore(), 60_000, 200, 30_000,
        site == null ? 0 : site.hashCode(), 2 << 20, ParamsWire.MAX_CHUNK_BYTES);
  }

  public ClientConfig withStore(ClientStateStore v) {
    return new ClientConfig(target, sslContext, site, factory, data, v, callTimeoutMillis, backoffBaseMillis,
        backoffCapMillis, jitterSeed, maxMessageBytes, chunkBytes);
  }

  /**
   * Keeps the site's state (personal models, a private silo's ledger) as files in {@code dir}
   * ({@link FileStateStore}), so that a site restarted on the same folder continues with it.
   */
  public ClientConfig withStateDir(java.nio.file.Path dir) {
    return withStore(new FileStateStore(dir));
  }

  public ClientConfig withBackoff(long baseMillis, long capMillis) {
    return new ClientConfig(target, sslContext, site, factory, data, store, callTimeoutMillis, baseMillis, capMillis,
        jitterSeed, maxMessageBytes, chunkBytes);
  }

  public ClientConfig withCallTimeout(long millis) {
    return new ClientConfig(target, sslContext, site, factory, data, store, millis, backoffBaseMillis,
        backoffCapMillis, jitterSeed, maxMessageBytes, chunkBytes);
  }

  public ClientConfig withChunkBytes(int v) {
    return new ClientConfig(target, sslContext, site, factory, data, store, callTimeoutMillis, backoffBaseMillis,
        backoffCapMillis, jitterSeed, maxMessageBytes, v);
  }
}
