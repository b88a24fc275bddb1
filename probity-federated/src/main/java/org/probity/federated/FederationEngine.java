package org.probity.federated;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.probity.tensor.nn.Params;

/**
 * A distributed engine that runs a whole federated simulation elsewhere, such as on an Apache Spark
 * cluster (probity-spark's {@code spark}). It is a separate seam from {@link ExecutionBackend}
 * because a cluster cannot run the backend's closures: the clients' data and the client code must
 * be shipped to executors, so the engine takes the clients' data and a serializable
 * {@link ClientRecipe} once and keeps both there across rounds. Engines are optional modules found
 * through {@link ServiceLoader} (a line in {@code META-INF/services/org.probity.federated.FederationEngine}),
 * so single-machine users never load them.
 */
public interface FederationEngine {
  /** The name a spec selects the engine by ("spark"). */
  String name();

  /**
   * A session over {@code clients}, whose client apps the engine rebuilds from {@code recipe}, with
   * engine-specific {@code options} (for Spark: master, partitions); {@code seed} is the federation
   * seed, so that each client draws the random stream the in-process simulation would give it.
   */
  Session open(Map<String, String> options, Map<Integer, ClientData> clients, ClientRecipe recipe, long seed);

  /** An open engine: runs strategies one after another on the same clients; close it when done. */
  interface Session extends AutoCloseable {
    /** As {@link Federation#run(Strategy, Params, int, RoundListener)}, on the engine. */
    FederationResult run(Strategy strategy, Params initial, int rounds, int evaluateEvery, CentralEvaluator central,
        RoundListener listener);

    @Override
    void close();
  }

  /** How an engine's executors build the client app: a serializable recipe instead of a live object. */
  @FunctionalInterface
  interface ClientRecipe extends Serializable {
    ClientApp create();
  }

  /** The engine called {@code name}, or an error naming the engines on the classpath. */
  static FederationEngine find(String name) {
    List<String> known = new ArrayList<>();
    for (var it = ServiceLoader.load(FederationEngine.class).iterator(); ; ) {
      FederationEngine e;
      try {
        if (!it.hasNext()) {
          break;
        }
        e = it.next();
      } catch (ServiceConfigurationError err) {
        continue;
      }
      if (e.name().equals(name)) {
        return e;
      }
      known.add(e.name());
    }
    throw new IllegalArgumentException("no federation engine '" + name + "' on the classpath (available: "
        + (known.isEmpty() ? "none" : String.join(", ", known)) + "); the " + name + " engine lives in the probity-"
        + name + " module");
  }
}
