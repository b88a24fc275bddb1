package org.probity.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workloads {@code probity bench} knows, by name, in the order a full bench runs them. Later
 * benchmarks (privacy, federated, inference) are added to {@link #standard()} so that they share
 * the command, the table and the JSON format.
 */
public final class Workloads {
  private final Map<String, Workload> byName = new LinkedHashMap<>();

  public Workloads(List<? extends Workload> workloads) {
    for (Workload w : workloads) {
      if (byName.put(w.name(), w) != null) {
        throw new IllegalArgumentException("bench: two workloads are named '" + w.name() + "'");
      }
    }
  }

  /** Everything the default {@code probity bench} runs. */
  public static Workloads standard() {
    return new Workloads(List.of(
        new GemmWorkload(),
        new MlpStepWorkload(),
        new MlpStepPerExampleWorkload(),
        new DpMlpStepWorkload(),
        new ParallelSmallWorkload(),
        new FlRoundWorkload(),
        new FlDeployWorkload()));
  }

  public List<Workload> all() {
    return Collections.unmodifiableList(new ArrayList<>(byName.values()));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The workload with this name, or null. */
  public Workload get(String name) {
    return byName.get(name);
  }
}
