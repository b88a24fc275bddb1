package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Synthetic label noise on any classification dataset, the standard corruption in robust
 * classification experiments (e.g. TERM's noisy-label runs; Patrini et al. 2017 for transition
 * matrices). Four kinds:
 * <ul>
 *   <li>{@link #uniform}: with probability p a label is replaced by a uniformly random
 *       <em>different</em> class, so p is exactly the chance that a label is wrong;</li>
 *   <li>{@link #uniformAnyClass}: with probability p a label is redrawn from all K classes and may
 *       stay the same, so a label is wrong with probability p(K-1)/K (the "symmetric noise" of
 *       many papers);</li>
 *   <li>{@link #pairwise}: with probability p class c becomes c+1 (mod K) — class-dependent,
 *       "pair flipping";</li>
 *   <li>{@link #transition}: a row-stochastic matrix T with T[i][j] = P(noisy = j | clean = i).</li>
 * </ul>
 * {@link #exactly()} turns the first three into a fixed count: exactly round(p · eligible rows)
 * rows, chosen at random, are resampled. Rows can be restricted to an eligible mask (one split, some
 * annotators); rows outside it are never touched. Randomness comes only from the given Rng.
 */
public final class LabelNoise {
  private enum Kind { UNIFORM, UNIFORM_ANY, PAIRWISE, MATRIX }

  private final Kind kind;
  private final double p;
  private final double[][] matrix;
  private final boolean exact;

  private LabelNoise(Kind kind, double p, double[][] matrix, boolean exact) {
    this.kind = kind;
    this.p = p;
    this.matrix = matrix;
    this.exact = exact;
  }

  /** Each label, with probability p, becomes a uniformly random other class. */
  public static LabelNoise uniform(double p) {
    return new LabelNoise(Kind.UNIFORM, checkP(p), null, false);
  }

  /** Each label, with probability p, is redrawn uniformly from all classes (may keep its value). */
  public static LabelNoise uniformAnyClass(double p) {
    return new LabelNoise(Kind.UNIFORM_ANY, checkP(p), null, false);
  }

  /** Each label c, with probability p, becomes (c + 1) mod K. */
  public static LabelNoise pairwise(double p) {
    return new LabelNoise(Kind.PAIRWISE, checkP(p), null, false);
  }

  /** Each label i becomes j with probability t[i][j]; rows of t must sum to 1. */
  public static LabelNoise transition(double[][] t) {
    int k = t.length;
    double[][] copy = new double[k][];
    for (int i = 0; i < k; i++) {
      if (t[i].length != k) {
        throw new IllegalArgumentException("label noise: transition matrix must be square, row " + i + " has "
            + t[i].length + " entries for " + k + " classes");
      }
      double s = 0;
      for (int j = 0; j < k; j++) {
        if (!(t[i][j] >= 0 && t[i][j] <= 1)) {
          throw new IllegalArgumentException("label noise: transition entry [" + i + "][" + j + "] = " + t[i][j]
              + " is not a probability");
        }
        s += t[i][j];
      }
      if (Math.abs(s - 1) > 1e-6) {
        throw new IllegalArgumentException("label noise: transition row " + i + " sums to " + s + ", not 1");
      }
      copy[i] = t[i].clone();
    }
    return new LabelNoise(Kind.MATRIX, 0, copy, false);
  }

  /** The transition matrix of {@link #pairwise(double)} over k classes, a starting point for variants. */
  public static double[][] pairwiseMatrix(int k, double p) {
    checkP(p);
    double[][] t = new double[k][k];
    for (int i = 0; i < k; i++) {
      t[i][i] += 1 - p;
      t[i][(i + 1) % k] += p;
    }
    return t;
  }

  /** Resample exactly round(p · eligible) rows instead of each row independently with probability p. */
  public LabelNoise exactly() {
    if (kind == Kind.MATRIX) {
      throw new IllegalArgumentException("label noise: a transition matrix has no single rate to apply exactly");
    }
    return new LabelNoise(kind, p, matrix, true);
  }

  private static double checkP(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("label noise: probability must be in [0, 1], got " + p);
    }
    return p;
  }

  /** Applies the noise to every row. */
  public NoisyLabels apply(Dataset data, Rng rng) {
    boolean[] all = new boolean[data.size()];
    java.util.Arrays.fill(all, true);
    return apply(data, all, rng);
  }

  /** Applies the noise to the rows where {@code eligible} is true; other rows keep their labels. */
  public NoisyLabels apply(Dataset data, boolean[] eligible, Rng rng) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("label noise: '" + data.name() + "' has no class labels");
    }
    int n = data.size();
    int k = data.numClasses();
    if (eligible.length != n) {
      throw new IllegalArgumentException("label noise: eligible mask has " + eligible.length + " entries for " + n
          + " rows");
    }
    if (kind == Kind.MATRIX && matrix.length != k) {
      throw new IllegalArgumentException("label noise: transition matrix is " + matrix.length + "x" + matrix.length
          + " but '" + data.name() + "' has " + k + " classes");
    }
    if (k < 2 && kind != Kind.MATRIX) {
      throw new IllegalArgumentException("label noise: '" + data.name() + "' has a single class; nothing to flip to");
    }
    int[] clean = data.labels();
    int[] y = clean.clone();
    boolean[] chosen = exact ? chooseExactly(eligible, rng.derive("rows")) : null;
    Rng draw = rng.derive("labels");
    for (int i = 0; i < n; i++) {
      if (!eligible[i]) {
        continue;
      }
      boolean resample = exact ? chosen[i] : (kind == Kind.MATRIX || draw.nextDouble() < p);
      if (resample) {
        y[i] = noisyLabel(clean[i], k, draw);
      }
    }
    boolean[] noisy = new boolean[n];
    for (int i = 0; i < n; i++) {
      noisy[i] = y[i] != clean[i];
    }
    return new NoisyLabels(data.withLabels(y), clean.clone(), noisy);
  }

  private int noisyLabel(int c, int k, Rng draw) {
    switch (kind) {
      case UNIFORM: {
        int j = draw.nextInt(k - 1);
        return j >= c ? j + 1 : j;
      }
      case UNIFORM_ANY:
        return draw.nextInt(k);
      case PAIRWISE:
        return (c + 1) % k;
      default: {
        double u = draw.nextDouble();
        double acc = 0;
        double[] row = matrix[c];
        for (int j = 0; j < k; j++) {
          acc += row[j];
          if (u < acc) {
            return j;
          }
        }
        // Rounding left u just above the row's sum: take the last class with mass.
        for (int j = k - 1; j >= 0; j--) {
          if (row[j] > 0) {
            return j;
          }
        }
        return c;
      }
    }
  }

  private boolean[] chooseExactly(boolean[] eligible, Rng rng) {
    int m = 0;
    for (boolean b : eligible) {
      if (b) {
        m++;
      }
    }
    int[] idx = new int[m];
    int t = 0;
    for (int i = 0; i < eligible.length; i++) {
      if (eligible[i]) {
        idx[t++] = i;
      }
    }
    int target = (int) Math.round(p * m);
    int[] perm = rng.permutation(m);
    boolean[] chosen = new boolean[eligible.length];
    for (int i = 0; i < target; i++) {
      chosen[idx[perm[i]]] = true;
    }
    return chosen;
  }
}
