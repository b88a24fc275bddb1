package org.probity.core.data.synthetic;

import java.util.Arrays;
import org.probity.core.data.Dataset;

/**
 * A dataset after {@link LabelNoise}: the noisy dataset, the labels it had before, and which rows
 * now carry a label different from their clean one (the noise mask). Methods that know the mask —
 * "genie" baselines, noise-detection metrics — read it from here; training sees only
 * {@link #dataset()}.
 */
public record NoisyLabels(Dataset dataset, int[] cleanLabels, boolean[] noisy) {
  /** Rows whose label changed. */
  public int count() {
    int c = 0;
    for (boolean b : noisy) {
      if (b) {
        c++;
      }
    }
    return c;
  }

  /** The share of rows whose label changed. */
  public double rate() {
    return noisy.length == 0 ? 0 : (double) count() / noisy.length;
  }

  /** The noisy dataset with group ids 1 for changed rows and 0 otherwise (replacing any groups). */
  public Dataset markedAsGroups() {
    int[] g = new int[noisy.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = noisy[i] ? 1 : 0;
    }
    return dataset.withGroups(g);
  }

  /** Only the rows whose label did not change: the "genie" training set. */
  public Dataset withoutNoisy() {
    int[] keep = new int[noisy.length];
    int k = 0;
    for (int i = 0; i < noisy.length; i++) {
      if (!noisy[i]) {
        keep[k++] = i;
      }
    }
    return dataset.subset(Arrays.copyOf(keep, k));
  }
}
