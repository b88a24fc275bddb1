package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Binary classification with a spurious attribute and label noise, the synthetic group shift of
 * the research notes' Bitrate-Constrained DRO plan (after Waterbirds in Sagawa et al., ICLR 2020,
 * as used by Setlur et al., ICLR 2023): a core block of {@code coreDim} features whose mean is
 * ±{@code coreShift} per coordinate by the label y, a one-bit attribute s ("background") written
 * into {@code spuriousDim} features at ±{@code spuriousShift} with noise {@code spuriousNoise},
 * and {@code nuisanceDim} pure-noise features; core and nuisance noise is unit Gaussian. Exactly
 * round(n · agreement) rows have s = y (the majority groups), the rest s ≠ y; labels are balanced
 * (exact halves within each kind). Then exactly round(n · labelNoise) rows, chosen at random, have
 * their label flipped (observed y ≠ true y). Group ids are {@code 2·y + s} with the observed y —
 * the only groups an oracle could annotate — so group 0 = (0,0), 1 = (0,1), 2 = (1,0), 3 = (1,1).
 * A test set is {@code agreement = 0.5, labelNoise = 0}: clean and balanced over the four groups.
 */
public final class SpuriousGroups {
  private SpuriousGroups() {}

  /**
   * @param n rows
   * @param coreDim core features (≥ 1)
   * @param spuriousDim features that encode s (≥ 1)
   * @param nuisanceDim pure-noise features (≥ 0)
   * @param agreement share of rows with s = y, in [0, 1]
   * @param labelNoise share of rows whose label is flipped, in [0, 1]
   * @param coreShift |mean| of each core feature
   * @param spuriousShift |mean| of each spurious feature
   * @param spuriousNoise standard deviation of the spurious features
   */
  public record Config(int n, int coreDim, int spuriousDim, int nuisanceDim, double agreement, double labelNoise,
      double coreShift, double spuriousShift, double spuriousNoise) {
    public Config {
      if (n < 1 || coreDim < 1 || spuriousDim < 1 || nuisanceDim < 0) {
        throw new IllegalArgumentException("spurious groups: need n >= 1, coreDim >= 1, spuriousDim >= 1,"
            + " nuisanceDim >= 0; got n=" + n + ", coreDim=" + coreDim + ", spuriousDim=" + spuriousDim
            + ", nuisanceDim=" + nuisanceDim);
      }
      if (!(agreement >= 0 && agreement <= 1)) {
        throw new IllegalArgumentException("spurious groups: agreement must be in [0, 1], got " + agreement);
      }
      if (!(labelNoise >= 0 && labelNoise <= 1)) {
        throw new IllegalArgumentException("spurious groups: labelNoise must be in [0, 1], got " + labelNoise);
      }
      if (!(coreShift >= 0) || !(spuriousShift >= 0) || !(spuriousNoise >= 0) || !Double.isFinite(coreShift)
          || !Double.isFinite(spuriousShift) || !Double.isFinite(spuriousNoise)) {
        throw new IllegalArgumentException("spurious groups: shifts and noise must be finite and >= 0; got coreShift="
            + coreShift + ", spuriousShift=" + spuriousShift + ", spuriousNoise=" + spuriousNoise);
      }
    }

    /**
     * The notes' training distribution: 5 core, 2 spurious and 10 nuisance features, s = y for 95%
     * of the rows, 15% flipped labels; core shift 0.5 (a core-only classifier is right about 87% of
     * the time), spurious shift 1 with noise 0.5 (s is read almost perfectly).
     */
    public static Config train(int n) {
      return new Config(n, 5, 2, 10, 0.95, 0.15, 0.5, 1.0, 0.5);
    }

    /** The same features, clean and balanced over the four (y, s) groups. */
    public Config balancedTest() {
      return new Config(n, coreDim, spuriousDim, nuisanceDim, 0.5, 0.0, coreShift, spuriousShift, spuriousNoise);
    }

    public Config withN(int rows) {
      return new Config(rows, coreDim, spuriousDim, nuisanceDim, agreement, labelNoise, coreShift, spuriousShift,
          spuriousNoise);
    }

    public int dim() {
      return coreDim + spuriousDim + nuisanceDim;
    }
  }

  /** Generated data with the latent truth kept beside the observed labels. */
  public record Sample(Dataset data, int[] trueLabels, int[] attribute, boolean[] flipped) {}

  public static Dataset generate(Config c, Rng rng) {
    return sample(c, rng).data();
  }

  /** As {@link #generate} with the clean labels, the attribute and the flip mask. */
  public static Sample sample(Config c, Rng rng) {
    int n = c.n();
    int d = c.dim();
    int agree = (int) Math.round(n * c.agreement());
    // Rows in a random order take kinds in blocks: (s = y, y = 0), (s = y, y = 1), (s ≠ y, y = 0), (s ≠ y, y = 1).
    int[] perm = rng.derive("groups").permutation(n);
    int[] y = new int[n];
    int[] s = new int[n];
    int agree0 = agree / 2;
    int disagree = n - agree;
    int disagree0 = disagree / 2;
    for (int j = 0; j < n; j++) {
      int i = perm[j];
      if (j < agree) {
        y[i] = j < agree0 ? 0 : 1;
        s[i] = y[i];
      } else {
        y[i] = j - agree < disagree0 ? 0 : 1;
        s[i] = 1 - y[i];
      }
    }
    Rng draw = rng.derive("points");
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      int off = i * d;
      double sy = 2 * y[i] - 1;
      double ss = 2 * s[i] - 1;
      for (int k = 0; k < c.coreDim(); k++) {
        x[off + k] = (float) (sy * c.coreShift() + draw.nextGaussian());
      }
      for (int k = 0; k < c.spuriousDim(); k++) {
        x[off + c.coreDim() + k] = (float) (ss * c.spuriousShift() + c.spuriousNoise() * draw.nextGaussian());
      }
      for (int k = c.coreDim() + c.spuriousDim(); k < d; k++) {
        x[off + k] = (float) draw.nextGaussian();
      }
    }
    int flips = (int) Math.round(n * c.labelNoise());
    int[] flipPerm = rng.derive("flips").permutation(n);
    boolean[] flipped = new boolean[n];
    int[] observed = y.clone();
    for (int j = 0; j < flips; j++) {
      int i = flipPerm[j];
      flipped[i] = true;
      observed[i] = 1 - y[i];
    }
    int[] groups = new int[n];
    for (int i = 0; i < n; i++) {
      groups[i] = 2 * observed[i] + s[i];
    }
    Dataset data = Dataset.classification("spurious-groups", Tensor.wrap(x, Shape.of(n, d)), observed, 2)
        .withGroups(groups);
    return new Sample(data, y, s, flipped);
  }
}
