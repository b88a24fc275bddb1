package org.probity.core.data.synthetic;

import java.util.Arrays;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Linear regression with corrupted training targets, as in TERM's robust-regression experiment
 * (Li, Beirami, Sanjabi, Smith, ICLR 2021; code litian96/TERM robust_regression/regression.py):
 * x ~ N(0, I) in R^d plus an optional intercept column of ones, w* ~ N(0, 1/d) per coordinate (so
 * clean targets have about unit scale), y = w*·x + N(0, σ²); then the first floor(fraction · n)
 * training targets are replaced by draws from N(5, 5²) — mean 5, standard deviation 5, as the
 * code's {@code np.random.normal(5, 5)}. The test set stays clean. Training group ids mark the
 * corrupted rows (1) and the clean ones (0), so a "genie" baseline can drop them.
 */
public final class CorruptedRegression {
  private CorruptedRegression() {}

  /**
   * @param numTrain training rows
   * @param numTest clean test rows
   * @param dim features before the intercept column
   * @param intercept whether to append a column of ones (its weight is drawn like the others)
   * @param noiseStd σ of the clean target noise
   * @param fraction share of training targets to corrupt, in [0, 1]
   * @param outlierMean mean of the replacement targets (5 in TERM)
   * @param outlierStd standard deviation of the replacement targets (5 in TERM)
   */
  public record Config(int numTrain, int numTest, int dim, boolean intercept, double noiseStd, double fraction,
      double outlierMean, double outlierStd) {
    public Config {
      if (numTrain < 1 || numTest < 0 || dim < 1) {
        throw new IllegalArgumentException("corrupted regression: need numTrain >= 1, numTest >= 0, dim >= 1; got "
            + numTrain + ", " + numTest + ", " + dim);
      }
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("corrupted regression: fraction must be in [0, 1], got " + fraction);
      }
      if (!(noiseStd >= 0) || !(outlierStd >= 0) || !Double.isFinite(outlierMean)) {
        throw new IllegalArgumentException("corrupted regression: noise and outlier std must be >= 0, got "
            + noiseStd + ", " + outlierStd);
      }
    }

    /** TERM's reproduction plan: 1,600 train / 400 test, d = 20 + intercept, σ = 0.1, 20% corrupted by N(5, 5²). */
    public static Config defaults() {
      return new Config(1600, 400, 20, true, 0.1, 0.2, 5.0, 5.0);
    }

    public Config withFraction(double f) {
      return new Config(numTrain, numTest, dim, intercept, noiseStd, f, outlierMean, outlierStd);
    }

    public Config withSizes(int train, int test) {
      return new Config(train, test, dim, intercept, noiseStd, fraction, outlierMean, outlierStd);
    }
  }

  /**
   * The generated data: train (corrupted, groups 0 clean / 1 corrupted), test (clean, group 0), the
   * true weights (intercept weight last) and the corrupted training rows.
   */
  public record Data(Split split, float[] weights, int[] corruptedRows) {
    public Dataset train() {
      return split.train();
    }

    public Dataset test() {
      return split.test();
    }

    /** The training rows whose targets were not corrupted: the "genie ERM" training set. */
    public Dataset cleanTrain() {
      return withoutGroup(split.train(), 1);
    }
  }

  public static Data generate(Config c, Rng rng) {
    int p = c.dim() + (c.intercept() ? 1 : 0);
    Rng wr = rng.derive("weights");
    float[] w = new float[p];
    double ws = 1.0 / Math.sqrt(c.dim());
    for (int j = 0; j < p; j++) {
      w[j] = (float) (ws * wr.nextGaussian());
    }
    Dataset train = linear("corrupted-regression-train", c, w, c.numTrain(), rng.derive("train"));
    Dataset test = linear("corrupted-regression-test", c, w, c.numTest(), rng.derive("test"));
    Dataset corrupted = corruptTargets(train, c.fraction(), c.outlierMean(), c.outlierStd(), rng.derive("outliers"));
    int m = (int) Math.floor(c.numTrain() * c.fraction());
    int[] rows = new int[m];
    for (int i = 0; i < m; i++) {
      rows[i] = i;
    }
    return new Data(new Split(corrupted, test.withGroups(new int[test.size()])), w, rows);
  }

  private static Dataset linear(String name, Config c, float[] w, int n, Rng rng) {
    int p = w.length;
    float[] x = new float[n * p];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int off = i * p;
      double dot = 0;
      for (int j = 0; j < c.dim(); j++) {
        float v = (float) rng.nextGaussian();
        x[off + j] = v;
        dot += (double) w[j] * v;
      }
      if (c.intercept()) {
        x[off + p - 1] = 1f;
        dot += w[p - 1];
      }
      y[i] = (float) (dot + c.noiseStd() * rng.nextGaussian());
    }
    return Dataset.regression(name, Tensor.wrap(x, Shape.of(n, p)), Tensor.wrap(y, Shape.of(n)));
  }

  /**
   * Replaces the targets of the first floor(fraction · n) rows with N(mean, std²) draws, as TERM's
   * code does, and marks them with group 1 (others 0). Works on any regression dataset; shuffle
   * first if its row order is not random.
   */
  public static Dataset corruptTargets(Dataset data, double fraction, double mean, double std, Rng rng) {
    if (data.isClassification() || data.targets() == null) {
      throw new IllegalArgumentException("corrupt targets: '" + data.name() + "' is not a regression dataset");
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("corrupt targets: fraction must be in [0, 1], got " + fraction);
    }
    int n = data.size();
    if (data.targets().size() != n) {
      throw new IllegalArgumentException("corrupt targets: expects one target per row, got shape "
          + data.targets().shape());
    }
    int m = (int) Math.floor(n * fraction);
    float[] t = data.targets().data().clone();
    int[] g = new int[n];
    for (int i = 0; i < m; i++) {
      t[i] = (float) (mean + std * rng.nextGaussian());
      g[i] = 1;
    }
    return data.withTargets(Tensor.wrap(t, data.targets().shape())).withGroups(g);
  }

  static Dataset withoutGroup(Dataset d, int group) {
    int[] g = d.groups();
    int[] keep = new int[d.size()];
    int k = 0;
    for (int i = 0; i < g.length; i++) {
      if (g[i] != group) {
        keep[k++] = i;
      }
    }
    return d.subset(Arrays.copyOf(keep, k));
  }
}
