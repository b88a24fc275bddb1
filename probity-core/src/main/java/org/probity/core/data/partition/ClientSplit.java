package org.probity.core.data.partition;

import org.probity.core.data.Dataset;

/** One cross-silo client's own train/validation/test rows (Motley: 70/15/15 per silo). */
public record ClientSplit(Dataset train, Dataset validation, Dataset test) {}
