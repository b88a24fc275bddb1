package org.probity.cli.spec;

import java.util.List;
import org.probity.core.model.ModelSpec;

/**
 * A validated experiment, every default filled in: one dataset and split shared by all variants,
 * the base model (the model zoo's own {@link ModelSpec}), objective, optimiser and training settings, and the variants compared in the
 * report (each fully resolved; a spec without {@code variants:} has one, named after its
 * objective). Produced by {@link SpecReader}, written back as YAML by {@link SpecWriter}.
 */
public record ExperimentSpec(String name, String description, long seed, DataSection data, ModelSpec model,
    ObjectiveSection objective, OptimizerSection optimizer, TrainSection train, List<Variant> variants) {
  public ExperimentSpec {
    variants = List.copyOf(variants);
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one variant");
    }
  }

  /** The same experiment with another root seed (the {@code --seed} option). */
  public ExperimentSpec withSeed(long newSeed) {
    return new ExperimentSpec(name, description, newSeed, data, model, objective, optimizer, train, variants);
  }
}
