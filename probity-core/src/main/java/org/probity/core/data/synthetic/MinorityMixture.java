package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Gaussian-mixture classification with an under-represented group whose class boundary differs
 * from the majority's — the setting where ERM fits the majority and a positive tilt (TERM, Li et
 * al. 2021) or a group objective should narrow the gap. Group 0 (majority) places its K class
 * means on a circle of diameter {@code separation} in the plane (e0, e1), at angles 2πk/K; group 1
 * (minority) uses the same circle rotated by {@code angleDegrees} in that plane and shifted by
 * {@code groupOffset} along e2. Every point adds isotropic noise of standard deviation
 * {@code noiseStd}; the remaining dimensions are pure noise. Exactly round(n · minorityFraction)
 * rows, chosen at random, form group 1; labels are uniform. Group ids are set.
 */
public final class MinorityMixture {
  private MinorityMixture() {}

  /**
   * @param n rows
   * @param dim features (at least 2; at least 3 when groupOffset is not 0)
   * @param numClasses classes K (at least 2)
   * @param minorityFraction share of rows in group 1, in [0, 1)
   * @param separation distance between opposite class means within a group
   * @param angleDegrees rotation of the minority's class layout (0: same boundary, 90: orthogonal for K = 2)
   * @param groupOffset distance between the two groups' centres
   * @param noiseStd per-coordinate noise
   */
  public record Config(int n, int dim, int numClasses, double minorityFraction, double separation, double angleDegrees,
      double groupOffset, double noiseStd) {
    public Config {
      if (n < 1 || dim < 2 || numClasses < 2) {
        throw new IllegalArgumentException("minority mixture: need n >= 1, dim >= 2, numClasses >= 2; got n=" + n
            + ", dim=" + dim + ", numClasses=" + numClasses);
      }
      if (!(minorityFraction >= 0 && minorityFraction < 1)) {
        throw new IllegalArgumentException("minority mixture: minority fraction must be in [0, 1), got "
            + minorityFraction);
      }
      if (groupOffset != 0 && dim < 3) {
        throw new IllegalArgumentException("minority mixture: a group offset needs dim >= 3, got dim=" + dim);
      }
      if (!(separation >= 0) || !(noiseStd >= 0) || !Double.isFinite(angleDegrees) || !Double.isFinite(groupOffset)) {
        throw new IllegalArgumentException("minority mixture: separation and noise must be >= 0 and angle/offset "
            + "finite; got separation=" + separation + ", noiseStd=" + noiseStd + ", angle=" + angleDegrees
            + ", offset=" + groupOffset);
      }
    }

    /** 2,000 rows, 10 features, 2 classes, 10% minority with an orthogonal boundary, separation 4, unit noise. */
    public static Config defaults() {
      return new Config(2000, 10, 2, 0.1, 4.0, 90.0, 0.0, 1.0);
    }

    public Config withN(int rows) {
      return new Config(rows, dim, numClasses, minorityFraction, separation, angleDegrees, groupOffset, noiseStd);
    }

    public Config withMinorityFraction(double f) {
      return new Config(n, dim, numClasses, f, separation, angleDegrees, groupOffset, noiseStd);
    }

    public Config withAngle(double degrees) {
      return new Config(n, dim, numClasses, minorityFraction, separation, degrees, groupOffset, noiseStd);
    }

    public Config withGroupOffset(double offset) {
      return new Config(n, dim, numClasses, minorityFraction, separation, angleDegrees, offset, noiseStd);
    }
  }

  public static Dataset generate(Config c, Rng rng) {
    int n = c.n();
    int d = c.dim();
    int k = c.numClasses();
    int minority = (int) Math.round(n * c.minorityFraction());
    int[] groups = new int[n];
    int[] perm = rng.derive("groups").permutation(n);
    for (int i = 0; i < minority; i++) {
      groups[perm[i]] = 1;
    }
    Rng draw = rng.derive("points");
    double theta = Math.toRadians(c.angleDegrees());
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int label = draw.nextInt(k);
      y[i] = label;
      double phi = 2 * Math.PI * label / k;
      double rot = groups[i] == 1 ? theta : 0;
      double r = c.separation() / 2;
      int off = i * d;
      x[off] = (float) (r * Math.cos(phi + rot));
      x[off + 1] = (float) (r * Math.sin(phi + rot));
      if (groups[i] == 1 && d >= 3) {
        x[off + 2] = (float) c.groupOffset();
      }
      for (int j = 0; j < d; j++) {
        x[off + j] += (float) (c.noiseStd() * draw.nextGaussian());
      }
    }
    return Dataset.classification("minority-mixture", Tensor.wrap(x, Shape.of(n, d)), y, k).withGroups(groups);
  }
}
