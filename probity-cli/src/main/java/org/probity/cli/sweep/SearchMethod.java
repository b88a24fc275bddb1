package org.probity.cli.sweep;

import java.util.List;

/**
 * How a sweep chooses its trials, rung by rung: grid and random search have one rung; successive
 * halving has one per budget, each built from the previous rung's results. Every method is
 * deterministic given the sweep's seed and the results it is shown, so a resumed sweep asks for
 * exactly the trials it asked for before and can skip those already complete.
 */
public interface SearchMethod {
  /** How many rungs the search has. */
  int rungs();

  /**
   * The trials of rung {@code r}; {@code previous} holds the results of rung {@code r - 1} in its
   * trial order (empty for rung 0), failed trials included.
   */
  List<Trial> rung(int r, List<TrialResult> previous);

  /** The method {@code spec} names. */
  static SearchMethod of(SweepSpec spec) {
    return switch (spec.method()) {
      case GRID -> new GridSearch(spec);
      case RANDOM -> new RandomSearch(spec);
      case HALVING -> new SuccessiveHalving(spec);
    };
  }
}
