package org.probity.cli.spec;

import java.util.List;
import org.probity.core.model.ModelSpec;

/**
 * A validated experiment, every default filled in: one dataset and split shared by all variants,
 * the base model (the model zoo's own {@link ModelSpec}), objective, optimiser and training settings, and the variants compared in the
 * report (each fully resolved; a spec without {@code variants:} has one, named after its
 * objective). Produced by {@link SpecReader}, written back as YAML by {@link SpecWriter}.
 *
 * <p>A federated experiment ({@code federated} not null) compares the strategies of its
 * {@link FederatedSection} instead: it has no variants and no {@code train} section (null; rounds,
 * local epochs and batch size live in the federated section), its objective is ERM (clients
 * minimise their mean loss) and its {@code optimizer} is the clients' optimiser.
 */
public record ExperimentSpec(String name, String description, long seed, DataSection data, ModelSpec model,
    ObjectiveSection objective, OptimizerSection optimizer, TrainSection train, List<Variant> variants,
    FederatedSection federated) {
  public ExperimentSpec {
    variants = List.copyOf(variants);
    if (federated == null && variants.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one variant");
    }
    if (federated != null && !variants.isEmpty()) {
      throw new IllegalArgumentException("a federated experiment compares strategies, not variants");
    }
  }

  /** A central (not federated) experiment. */
  public ExperimentSpec(String name, String description, long seed, DataSection data, ModelSpec model,
      ObjectiveSection objective, OptimizerSection optimizer, TrainSection train, List<Variant> variants) {
    this(name, description, seed, data, model, objective, optimizer, train, variants, null);
  }

  public boolean isFederated() {
    return federated != null;
  }

  /** The same experiment with another root seed (the {@code --seed} option). */
  public ExperimentSpec withSeed(long newSeed) {
    return new ExperimentSpec(name, description, newSeed, data, model, objective, optimizer, train, variants,
        federated);
  }
}
