/**
 * Probity core: datasets, models, objectives, optimisers, training and reproductions. Filled in by
 * the data/training issue; for now the module exists so the reactor has its final shape.
 */
package org.probity.core;
