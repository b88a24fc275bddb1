package org.probity.spark;

import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.probity.federated.CentralEvaluator;
import org.probity.federated.ClientData;
import org.probity.federated.FederationEngine;
import org.probity.federated.FederationResult;
import org.probity.federated.RoundListener;
import org.probity.federated.Strategy;
import org.probity.tensor.nn.Params;

/**
 * The {@code spark} {@link FederationEngine}: one Spark context per session (options {@code master},
 * default {@code local[*]}; {@code partitions}, default the context's parallelism; {@code log_level},
 * Spark's log level, default ERROR since the run prints its own progress), and a
 * {@link SparkFederation} per strategy on it, so the clients' data are distributed once per strategy
 * and the context's start-up (seconds) is paid once per run. Registered through
 * {@code META-INF/services/org.probity.federated.FederationEngine}.
 */
public final class SparkEngine implements FederationEngine {
  private static final Set<String> OPTIONS = Set.of("master", "partitions", "log_level");

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Session open(Map<String, String> options, Map<Integer, ClientData> clients, ClientRecipe recipe, long seed) {
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new IllegalArgumentException("spark engine: unknown option '" + k + "' (known: master, partitions, log_level)");
      }
    }
    SparkSettings settings = SparkSettings.defaults().withMaster(options.getOrDefault("master", "local[*]"));
    if (options.containsKey("partitions")) {
      try {
        settings = settings.withPartitions(Integer.parseInt(options.get("partitions")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("spark engine: partitions must be an integer, got '"
            + options.get("partitions") + "'");
      }
    }
    SparkSettings base = settings;
    JavaSparkContext sc = SparkFederation.createContext(base);
    // A simulation prints its own progress; Spark's per-round notices (local checkpoints) are noise there.
    sc.setLogLevel(options.getOrDefault("log_level", "ERROR"));
    ClientAppFactory factory = recipe::create;
    return new Session() {
      @Override
      public FederationResult run(Strategy strategy, Params initial, int rounds, int evaluateEvery,
          CentralEvaluator central, RoundListener listener) {
        try (SparkFederation f = new SparkFederation(sc, base.withEvaluateEvery(evaluateEvery), clients, factory,
            seed)) {
          return f.run(strategy, initial, rounds, central, listener);
        }
      }

      @Override
      public void close() {
        sc.stop();
      }
    };
  }
}
