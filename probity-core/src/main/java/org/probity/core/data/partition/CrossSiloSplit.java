package org.probity.core.data.partition;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Motley's cross-silo protocol result: every silo (keyed by its dense client number in the
 * partition) keeps its own train/validation/test split. Maps iterate in ascending client order.
 */
public record CrossSiloSplit(Map<Integer, ClientSplit> silos, List<String> warnings) {
  public CrossSiloSplit {
    silos = Collections.unmodifiableMap(new TreeMap<>(silos));
    warnings = List.copyOf(warnings);
  }
}
