package org.probity.core.data.partition;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Splits one dataset among federated clients. Implementations draw all randomness from the given
 * {@link Rng}, so one seed gives one partition, and the same partition can be handed to every
 * strategy compared in a spec.
 */
public interface Partitioner {
  Partition partition(Dataset data, Rng rng);
}
