package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.LoadOptions;
import org.probity.core.data.partition.Partition;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/**
 * Rotated + patched digits silos, the 8×8 port of MR-MTL's rotated-and-patched MNIST
 * ({@code data_utils/rotated_mnist.py}; notes §0.3): the 1,797 scikit-learn digits are shuffled and
 * dealt evenly to S silos; silo s is rotated by 90·(s mod 4) degrees (four rotation clusters, as
 * the original's {@code np.rot90}, k = 0..3), and stamped with its own bright patches (two 2×2
 * squares at silo-chosen places, set to the maximum intensity 1) — a silo-specific feature shift
 * on top of the cluster structure. Fewer patches than the original's "each 2×2 patch with
 * probability 0.5", because on 8×8 images that would cover half of every digit. The dataset's
 * client-id column holds each row's silo, so a natural partition recovers the silos.
 */
public final class RotatedPatchedDigits {
  public static final int SIDE = 8;
  public static final int PATCH = 2;
  public static final int PATCHES_PER_SILO = 2;

  private RotatedPatchedDigits() {}

  /** The silos as a partition (silo s is client s). */
  public static Partition partition(int silos, Rng rng) {
    Dataset d = generate(silos, rng);
    return Partition.fromAssignment(d, "rotated-patched-silos(" + silos + ")", d.clients(), silos,
        java.util.List.of());
  }

  /** All 1,797 digits, transformed, with each row's silo in the client-id column. */
  public static Dataset generate(int silos, Rng rng) {
    if (silos < 1) {
      throw new IllegalArgumentException("rotated-patched silos: need at least one silo, got " + silos);
    }
    Dataset digits = Datasets.load("digits", LoadOptions.DEFAULT);
    int n = digits.size();
    if (silos > n) {
      throw new IllegalArgumentException("rotated-patched silos: " + silos + " silos but only " + n
          + " digits to deal; use at most " + n);
    }
    int px = SIDE * SIDE;
    if (digits.features().data().length != n * px) {
      throw new IllegalStateException("rotated-patched silos: expected 8x8 digits, got " + digits.features().shape());
    }
    int[] order = rng.derive("deal").permutation(n);
    Dataset shuffled = digits.subset(order);
    float[] src = shuffled.features().data();
    float[] out = new float[src.length];
    int[] silo = new int[n];
    int[][] patchAt = new int[silos][];
    int cells = SIDE / PATCH;
    for (int s = 0; s < silos; s++) {
      patchAt[s] = rng.derive("patch").derive(s).permutation(cells * cells);
    }
    for (int i = 0; i < n; i++) {
      int s = (int) ((long) i * silos / n);
      silo[i] = s;
      TransformedDigits.rotate(src, i * px, out, i * px, SIDE, SIDE, 90.0 * (s % 4));
      for (int q = 0; q < PATCHES_PER_SILO; q++) {
        int r0 = (patchAt[s][q] / cells) * PATCH;
        int c0 = (patchAt[s][q] % cells) * PATCH;
        for (int r = r0; r < r0 + PATCH; r++) {
          for (int c = c0; c < c0 + PATCH; c++) {
            out[i * px + r * SIDE + c] = 1f;
          }
        }
      }
    }
    return shuffled.withFeatures(Tensor.wrap(out, shuffled.features().shape())).withClients(silo)
        .named("digits-rotated-patched");
  }
}
