package org.probity.deploy.transport;

import io.grpc.Context;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.RoundListener;
import org.probity.federated.Strategy;
import org.probity.tensor.nn.Params;

/**
 * Everything a {@link FederationServer} needs, checked once in {@link Builder#build()}: where it
 * listens and with what TLS (null = plaintext, for loopback tests only, where the site is named by
 * the {@code probity-site} header), how calling sites are identified under TLS (the gRPC context
 * key an authenticating interceptor fills with the verified certificate's site name), the
 * federation itself (strategy, initial model, rounds, seed, evaluation cadence, the expected sites
 * and their client ids) and the operational limits (clients per round, deadlines, message size).
 * {@code recipe} is opaque to the server: it is handed to every client at registration, which
 * turns it into its {@link org.probity.federated.ClientApp} (typically the spec's model and local
 * training settings), so that all sites train the same way. {@code secureAggregation} (null: off)
 * is the fixed-point configuration of secure aggregation over vectors of the model's size + 1, set with
 * {@link Builder#secureAggregation} together with a {@link SecureFedAvg} strategy.
 */
public record ServerConfig(String host, int port, SslContext sslContext, Context.Key<String> siteKey,
    List<ServerInterceptor> interceptors, Strategy strategy, Params initial, int rounds, long seed, int evaluateEvery,
    Map<String, Integer> siteIds, int minClients, long taskDeadlineMillis, long pollWaitMillis, long quorumWaitMillis,
    long startGraceMillis, Path checkpointDir, Path auditLog, byte[] recipe, int maxMessageBytes, int chunkBytes,
    RoundListener listener, SecAggConfig secureAggregation) {

  public static Builder builder() {
    return new Builder();
  }

  public boolean plaintext() {
    return sslContext == null;
  }

  /** Builder with the defaults of a small deployment: 2 MiB messages, 1 MiB chunks, 10 s polls. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 0;
    private SslContext sslContext;
    private Context.Key<String> siteKey;
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private Strategy strategy;
    private Params initial;
    private int rounds;
    private long seed;
    private int evaluateEvery = 1;
    private Map<String, Integer> siteIds;
    private int minClients = 1;
    private long taskDeadlineMillis = 600_000;
    private long pollWaitMillis = 10_000;
    private long quorumWaitMillis = 600_000;
    private long startGraceMillis = 60_000;
    private Path checkpointDir;
    private Path auditLog;
    private byte[] recipe = new byte[0];
    private int maxMessageBytes = 2 << 20;
    private int chunkBytes = ParamsWire.MAX_CHUNK_BYTES;
    private RoundListener listener = RoundListener.NONE;
    private int secAggFractionalBits = -1;
    private double secAggMaxAbs;
    private int secAggThreshold;

    public Builder host(String v) {
      host = v;
      return this;
    }

    /** 0 picks a free port ({@link FederationServer#port()} tells which). */
    public Builder port(int v) {
      port = v;
      return this;
    }

    /**
     * Mutual TLS: the server's context, and the context key that {@code identity} (an interceptor
     * that runs before Probity's service) sets to the verified peer's site name.
     */
    public Builder tls(SslContext context, ServerInterceptor identity, Context.Key<String> siteKeyValue) {
      sslContext = context;
      siteKey = siteKeyValue;
      if (identity != null) {
        interceptors.add(identity);
      }
      return this;
    }

    public Builder interceptor(ServerInterceptor v) {
      interceptors.add(v);
      return this;
    }

    public Builder strategy(Strategy v) {
      strategy = v;
      return this;
    }

    public Builder initial(Params v) {
      initial = v;
      return this;
    }

    public Builder rounds(int v) {
      rounds = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder evaluateEvery(int v) {
      evaluateEvery = v;
      return this;
    }

    /** The expected sites; sorted by name they get client ids 0..n-1 (as a simulation's clients). */
    public Builder sites(Collection<String> names) {
      Map<String, Integer> m = new TreeMap<>();
      for (String s : new java.util.TreeSet<>(names)) {
        m.put(s, m.size());
      }
      siteIds = m;
      return this;
    }

    /** The expected sites with explicit client ids. */
    public Builder siteIds(Map<String, Integer> v) {
      siteIds = new TreeMap<>(v);
      return this;
    }

    public Builder minClients(int v) {
      minClients = v;
      return this;
    }

    public Builder taskDeadlineMillis(long v) {
      taskDeadlineMillis = v;
      return this;
    }

    public Builder pollWaitMillis(long v) {
      pollWaitMillis = v;
      return this;
    }

    /** How long to wait for {@code minClients} sites, at start and before each round. */
    public Builder quorumWaitMillis(long v) {
      quorumWaitMillis = v;
      return this;
    }

    /**
     * At start, how long to wait for every expected site once {@code minClients} have registered,
     * so that round 1 does not leave out a site that is still connecting.
     */
    public Builder startGraceMillis(long v) {
      startGraceMillis = v;
      return this;
    }

    public Builder checkpointDir(Path v) {
      checkpointDir = v;
      return this;
    }

    public Builder auditLog(Path v) {
      auditLog = v;
      return this;
    }

    public Builder recipe(byte[] v) {
      recipe = v.clone();
      return this;
    }

    public Builder maxMessageBytes(int v) {
      maxMessageBytes = v;
      return this;
    }

    /** Parameter chunk payload in bytes (multiple of 4, at most 1 MiB); smaller only for tests. */
    public Builder chunkBytes(int v) {
      chunkBytes = v;
      return this;
    }

    /** Told about each round after it has been checkpointed and logged. */
    public Builder listener(RoundListener v) {
      listener = v;
      return this;
    }

    /**
     * Secure aggregation (Bonawitz et al., CCS 2017) with the strategy a {@link SecureFedAvg}: each site's
     * vector [n_k·Δ_k, n_k] (or [clip_S(Δ_k), 1] with DP) is encoded with {@code fractionalBits} f and
     * clipped to ±{@code maxAbs} per coordinate (choose maxAbs above max n_k·|Δ_k| and every n_k);
     * {@code threshold} t sites must survive a round, with 2t &gt; the number of sites. The deployed result
     * differs from plain FedAvg on the same replies by at most (n·2^−f−1 + float32 rounding)/Σn_k per
     * coordinate ({@link SecureFedAvg}).
     */
    public Builder secureAggregation(int fractionalBits, double maxAbs, int threshold) {
      secAggFractionalBits = fractionalBits;
      secAggMaxAbs = maxAbs;
      secAggThreshold = threshold;
      return this;
    }

    public ServerConfig build() {
      String w = "fl server: ";
      if (strategy == null || initial == null) {
        throw new IllegalArgumentException(w + "strategy and initial parameters are required");
      }
      if (!strategy.resumable()) {
        throw new IllegalArgumentException(w + "strategy '" + strategy.name() + "' keeps server state that cannot be"
            + " checkpointed, so a restarted server could not continue it exactly; a deployment needs a resumable"
            + " strategy (FedAvg, FedProx, Ditto, ...)");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException(w + "rounds must be >= 1, got " + rounds);
      }
      if (evaluateEvery < 1) {
        throw new IllegalArgumentException(w + "evaluateEvery must be >= 1, got " + evaluateEvery);
      }
      if (siteIds == null || siteIds.isEmpty()) {
        throw new IllegalArgumentException(w + "no expected sites");
      }
      if (new java.util.HashSet<>(siteIds.values()).size() != siteIds.size()) {
        throw new IllegalArgumentException(w + "two sites share a client id: " + siteIds);
      }
      if (minClients < 1 || minClients > siteIds.size()) {
        throw new IllegalArgumentException(w + "minClients " + minClients + " must be in [1, " + siteIds.size()
            + "] (the number of sites)");
      }
      if (taskDeadlineMillis < 1 || pollWaitMillis < 1 || quorumWaitMillis < 0 || startGraceMillis < 0) {
        throw new IllegalArgumentException(w + "deadline " + taskDeadlineMillis + " ms, poll wait " + pollWaitMillis
            + " ms and quorum wait " + quorumWaitMillis + " ms must be positive");
      }
      if (chunkBytes + 64 > maxMessageBytes) {
        throw new IllegalArgumentException(w + "chunks of " + chunkBytes + " bytes do not fit messages of at most "
            + maxMessageBytes + " bytes");
      }
      if (strategy instanceof SecureFedAvg && secAggFractionalBits < 0) {
        throw new IllegalArgumentException(w + "strategy '" + strategy.name() + "' aggregates only secure sums; set"
            + " secureAggregation(fractionalBits, maxAbs, threshold)");
      }
      if (secAggFractionalBits >= 0 && !(strategy instanceof SecureFedAvg)) {
        throw new IllegalArgumentException(w + "secure aggregation needs the strategy SecureFedAvg, got '"
            + strategy.name() + "'");
      }
      if (sslContext != null && siteKey == null) {
        throw new IllegalArgumentException(w + "TLS needs the context key of the verified peer's site name");
      }
      ParamsWire.encode(initial, chunkBytes); // checks the chunk size
      SecAggConfig secAgg = secureAggregation(w);
      return new ServerConfig(host, port, sslContext, siteKey, List.copyOf(interceptors), strategy, initial, rounds,
          seed, evaluateEvery, Map.copyOf(siteIds), minClients, taskDeadlineMillis, pollWaitMillis, quorumWaitMillis,
          startGraceMillis, checkpointDir, auditLog, recipe, maxMessageBytes, chunkBytes, listener, secAgg);
    }

    private SecAggConfig secureAggregation(String w) {
      if (secAggFractionalBits < 0) {
        return null;
      }
      int sites = siteIds.size();
      if (sites < 2) {
        throw new IllegalArgumentException(w + "secure aggregation needs at least 2 sites, got " + sites);
      }
      SecAggConfig c;
      try {
        c = new SecAggConfig(initial.count() + 1, secAggFractionalBits, secAggMaxAbs, sites, secAggThreshold);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(w + "secure aggregation: " + e.getMessage(), e);
      }
      if (2 * secAggThreshold <= sites) {
        throw new IllegalArgumentException(w + "secure aggregation threshold t=" + secAggThreshold + " must exceed"
            + " half of the " + sites + " sites (t >= " + SecAggConfig.majority(sites) + ")");
      }
      return c;
    }
  }
}
