package org.probity.core.data;

import org.probity.tensor.Tensor;

/**
 * A minibatch drawn from a {@link Dataset}: features, and whichever of labels (classification),
 * targets (regression), group ids and client ids the dataset has (null where it has none), plus
 * the rows' indices in the dataset, which objectives with per-example state need.
 */
public record Batch(Tensor x, int[] labels, Tensor targets, int[] groups, int[] clients, int[] indices) {
  public int size() {
    return indices.length;
  }
}
