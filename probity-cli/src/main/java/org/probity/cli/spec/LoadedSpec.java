package org.probity.cli.spec;

import java.util.Map;

/**
 * A validated spec together with where each of its values was written (by key path, such as
 * "train.batch_size" or "variants[1].train.batch_size"), for the checks that can only run after
 * the data is loaded ("a batch larger than the training data") to point at the right line too.
 */
public record LoadedSpec(ExperimentSpec spec, Map<String, Loc> locations, String source, boolean explicitVariants) {
  public LoadedSpec {
    locations = Map.copyOf(locations);
  }

  /** An error about the value at {@code path}, located where it was written (or at the file). */
  public SpecException error(String path, String message) {
    Loc loc = locations.get(path);
    return new SpecException(loc == null ? Loc.of(source) : loc, path + ": " + message);
  }

  /** The same spec with another root seed, as {@code --seed N} asks. */
  public LoadedSpec withSeed(long seed) {
    return new LoadedSpec(spec.withSeed(seed), locations, source, explicitVariants);
  }

  /**
   * Where variant {@code index}'s settings live, as a path prefix: "variants[1]." + rest when the
   * spec lists variants, else the top-level "" + rest.
   */
  public String variantPath(int index, String rest) {
    return (explicitVariants ? "variants[" + index + "]." : "") + rest;
  }
}
