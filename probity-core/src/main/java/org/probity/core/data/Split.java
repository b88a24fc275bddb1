package org.probity.core.data;

/** A train/test pair drawn from one dataset. */
public record Split(Dataset train, Dataset test) {}
