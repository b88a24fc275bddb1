/**
 * Probity core: what every method builds on above the tensor engine. {@code data} (datasets,
 * loaders, bundled and fetched sets, synthetic generators, batching), {@code optim} (Optax-style
 * gradient-transform chains and schedules), {@code objective} (ERM, tilted and group-tilted risks),
 * {@code model} (the model zoo built from a spec), {@code train} (the trainer, checkpoints),
 * {@code metrics}, {@code provenance}, and {@code repro} (the reproduction SPI and the
 * reproductions of the methods that live here, starting with TERM).
 */
package org.probity.core;
