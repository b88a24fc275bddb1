package org.probity.privacy.audit;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Canaries for black-box privacy audits: rows of a dataset relabelled to a uniformly random other
 * class. A mislabeled example is the standard black-box canary (Jagielski et al., "Auditing
 * Differentially Private Machine Learning", NeurIPS 2020; Carlini et al. 2022; Steinke, Nasr and
 * Jagielski, "Privacy Auditing with One (1) Training Run", NeurIPS 2023): the model can fit its
 * wrong label only by memorising it, so its loss tells whether it was trained on, while it stays an
 * ordinary input from the data distribution. Each canary is inserted independently with
 * probability 1/2 ({@link #inclusion}), so the ones left out are non-members drawn exactly like the
 * members, which is what makes the audit's false-positive rate meaningful.
 */
public final class Canaries {
  private Canaries() {}

  /**
   * {@code n} canaries made from rows of {@code source}: the rows are drawn without replacement
   * when {@code n <= source.size()} and with replacement otherwise, and each gets a label drawn
   * uniformly from the classes other than its own. The result is named {@code source.name() + ":canaries"}.
   */
  public static Dataset mislabeled(Dataset source, int n, Rng rng) {
    if (source == null || rng == null) {
      throw new IllegalArgumentException("canaries: source and rng must not be null");
    }
    if (n < 1) {
      throw new IllegalArgumentException("canaries: the number of canaries must be at least 1, got " + n);
    }
    if (!source.isClassification()) {
      throw new IllegalArgumentException("canaries: dataset '" + source.name()
          + "' has regression targets; mislabeled canaries need class labels");
    }
    int classes = source.numClasses();
    if (classes < 2) {
      throw new IllegalArgumentException("canaries: dataset '" + source.name() + "' has " + classes
          + " class(es); relabelling to another class needs at least 2");
    }
    int size = source.size();
    if (size < 1) {
      throw new IllegalArgumentException("canaries: dataset '" + source.name() + "' is empty");
    }
    int[] rows = new int[n];
    if (n <= size) {
      int[] perm = rng.derive("rows").permutation(size);
      System.arraycopy(perm, 0, rows, 0, n);
    } else {
      Rng pick = rng.derive("rows");
      for (int i = 0; i < n; i++) {
        rows[i] = pick.nextInt(size);
      }
    }
    Dataset picked = source.subset(rows);
    int[] labels = picked.labels();
    int[] wrong = new int[n];
    Rng relabel = rng.derive("labels");
    for (int i = 0; i < n; i++) {
      // Adding 1..K-1 modulo K is uniform over the other classes and never returns the own label.
      wrong[i] = (labels[i] + 1 + relabel.nextInt(classes - 1)) % classes;
    }
    return picked.withLabels(wrong).named(source.name() + ":canaries");
  }

  /** Which of {@code n} canaries are inserted: each independently with probability 1/2. */
  public static boolean[] inclusion(int n, Rng rng) {
    if (n < 1) {
      throw new IllegalArgumentException("canaries: the number of canaries must be at least 1, got " + n);
    }
    if (rng == null) {
      throw new IllegalArgumentException("canaries: rng must not be null");
    }
    boolean[] in = new boolean[n];
    for (int i = 0; i < n; i++) {
      in[i] = rng.nextDouble() < 0.5;
    }
    return in;
  }
}
