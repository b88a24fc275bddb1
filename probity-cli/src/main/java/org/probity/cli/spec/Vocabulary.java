package org.probity.cli.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.model.ModelSpec;

/**
 * The names a spec may use where it picks from a catalogue: datasets, data generators with their
 * options and default values (the data layer knows them), model types and activations (the model
 * zoo), and the fixed lists of objectives, optimisers, schedules, solvers and label-noise kinds.
 * Passed to {@link SpecReader} so the spec layer need not know which datasets exist, and so tests
 * can use their own.
 *
 * @param datasets named datasets, which take no options
 * @param generators generator name to its options (snake_case) and their default values (Integer,
 *     Long, Double, Boolean or String, which also fixes each option's type), in order
 */
public record Vocabulary(List<String> datasets, Map<String, Map<String, Object>> generators, List<String> models,
    List<String> activations) {
  public static final List<String> OBJECTIVES = List.of("erm", "tilted", "group-tilted", "cvar-dro",
      "group-dro", "bitrate-dro");
  public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop",
      "adagrad");
  public static final List<String> SCHEDULES = List.of("constant", "step", "cosine");
  public static final List<String> NOISE = List.of("uniform", "symmetric", "class-dependent");
  public static final List<String> SOLVERS = List.of("minibatch", "stochastic");

  public Vocabulary {
    datasets = List.copyOf(datasets);
    Map<String, Map<String, Object>> g = new LinkedHashMap<>();
    generators.forEach((k, v) -> g.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    generators = Collections.unmodifiableMap(g);
    models = List.copyOf(models);
    activations = List.copyOf(activations);
  }

  /** The model zoo's types and activations with these datasets and generators. */
  public static Vocabulary of(List<String> datasets, Map<String, Map<String, Object>> generators) {
    return new Vocabulary(datasets, generators, ModelSpec.TYPES, ModelSpec.ACTIVATIONS);
  }

  /** Every name {@code data.source} accepts: datasets, then generators. */
  public List<String> sources() {
    List<String> all = new ArrayList<>(datasets);
    all.addAll(generators.keySet());
    return all;
  }
}
