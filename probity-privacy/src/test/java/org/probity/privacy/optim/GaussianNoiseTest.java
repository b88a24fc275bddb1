package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The noise link really adds N(0, σ²C²)/B: its empirical standard deviation and distribution are
 * checked with bounds from sampling theory (five standard errors), so a wrong scale, a missing
 * factor or a non-Gaussian sampler fails; and it is deterministic per step.
 */
class GaussianNoiseTest {
  private static Params zeros(int... sizes) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      m.put("p" + i, Tensor.zeros(sizes[i]));
    }
    return new Params(m);
  }

  private static float[] flat(Params p) {
    return p.flatten().data();
  }

  @Test
  void theAddedNoiseHasStdSigmaCOverB() {
    double sigma = 1.3;
    double c = 0.7;
    double b = 32;
    GradientTransform<GaussianNoise.State> noise = DpTransforms.gaussianNoise(sigma, c, b, new Rng(1));
    Params g = zeros(150_000, 50_001);
    float[] z = flat(noise.update(g, noise.init(g), g).updates());
    int n = z.length;
    double expectedStd = sigma * c / b;
    double mean = 0;
    for (float v : z) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (float v : z) {
      ss += (v - mean) * (v - mean);
    }
    double ratio = ss / (n - 1) / (expectedStd * expectedStd);
    // (n−1)s²/σ² is χ²(n−1): mean n−1, sd √(2(n−1)); five standard errors on the ratio.
    double bound = 5 * Math.sqrt(2.0 / (n - 1));
    assertEquals(1.0, ratio, bound, "variance / (σC/B)² = " + ratio);
    assertEquals(0.0, mean, 5 * expectedStd / Math.sqrt(n), "noise mean");
  }

  /** 16M standard normals from the vector path and the scalar path, each checked by {@link #checkNormal}. */
  @Test
  void bothSamplersAreStandardNormalByAChiSquareTestOnBins() {
    int n = 1 << 24;
    float[] v = new float[n];
    new VectorNormals(12345).addScaled(new float[n], v, 1f, 1f);
    checkNormal("vector Box–Muller", v);
    Ziggurat z = new Ziggurat(12345);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) z.next();
    }
    checkNormal("scalar ziggurat", s);
  }

  /**
   * A chi-square test over 18 bins (edges -4, -3.5, ..., 4, plus the tails), and the far tail: the
   * count beyond 5σ is Poisson with mean n·5.73e-7 (9.6 for 2^24 draws), so a sampler that cut the
   * tail off near 5σ, as float Box–Muller does near 5.8σ, would fall short.
   */
  private static void checkNormal(String name, float[] sample) {
    int n = sample.length;
    double[] edges = new double[17];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = -4 + 0.5 * i;
    }
    long[] counts = new long[edges.length + 1];
    long beyond5 = 0;
    for (float x : sample) {
      int bin = Arrays.binarySearch(edges, x);
      counts[bin >= 0 ? bin + 1 : -bin - 1]++;
      if (Math.abs(x) > 5) {
        beyond5++;
      }
    }
    double chi2 = 0;
    for (int k = 0; k < counts.length; k++) {
      double lo = k == 0 ? Double.NEGATIVE_INFINITY : edges[k - 1];
      double hi = k == edges.length ? Double.POSITIVE_INFINITY : edges[k];
      double e = n * (cdf(hi) - cdf(lo));
      chi2 += (counts[k] - e) * (counts[k] - e) / e;
    }
    // 17 degrees of freedom: the 0.9999 quantile of χ²(17) is about 46.
    assertTrue(chi2 < 46, name + ": chi-square " + chi2 + " over 18 bins; not standard normal");
    double expected = 2 * n * (1 - cdf(5));
    assertTrue(beyond5 >= 1 && beyond5 <= expected + 5 * Math.sqrt(expected),
        name + ": " + beyond5 + " draws beyond 5σ, expected about " + expected);
  }

  /** Φ(x) by Simpson's rule on the density (independent of the code under test). */
  private static double cdf(double x) {
    if (x == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1;
    }
    double lo = -12;
    int m = 20_000;
    double h = (x - lo) / m;
    double s = pdf(lo) + pdf(x);
    for (int i = 1; i < m; i++) {
      s += (i % 2 == 1 ? 4 : 2) * pdf(lo + i * h);
    }
    return s * h / 3;
  }

  private static double pdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  @Test
  void zeroNoiseOnlyDividesByTheExpectedBatchSize() {
    GradientTransform<GaussianNoise.State> noise = DpTransforms.gaussianNoise(0, Double.POSITIVE_INFINITY, 8,
        new Rng(2));
    Params g = new Params(Map.of("w", Tensor.vector(8f, -4f, 1f)));
    Update<GaussianNoise.State> u = noise.update(g, noise.init(g), g);
    assertArrayEquals(new float[] {1f, -0.5f, 0.125f}, u.updates().get("w").data(), 0f);
    assertEquals(1, u.state().step());
  }

  @Test
  void noiseRepeatsPerStepAndDiffersAcrossStepsAndParameters() {
    GradientTransform<GaussianNoise.State> noise = DpTransforms.gaussianNoise(1.0, 1.0, 1, new Rng(3));
    Params g = zeros(64, 64);
    float[] s0 = flat(noise.update(g, new GaussianNoise.State(0), g).updates());
    float[] s0again = flat(noise.update(g, new GaussianNoise.State(0), g).updates());
    float[] s1 = flat(noise.update(g, new GaussianNoise.State(1), g).updates());
    assertArrayEquals(s0, s0again, 0f);
    assertFalse(Arrays.equals(s0, s1), "step 1 must draw fresh noise");
    assertFalse(Arrays.equals(Arrays.copyOfRange(s0, 0, 64), Arrays.copyOfRange(s0, 64, 128)),
        "two parameters must get different noise");
    // A different root stream gives different noise.
    GradientTransform<GaussianNoise.State> other = DpTransforms.gaussianNoise(1.0, 1.0, 1, new Rng(4));
    assertFalse(Arrays.equals(s0, flat(other.update(g, other.init(g), g).updates())));
  }

  @Test
  void badSettingsAreRefusedWithTheirValue() {
    Rng r = new Rng(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DpTransforms.gaussianNoise(-1, 1, 10, r));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DpTransforms.gaussianNoise(1, 0, 10, r));
    assertThrows(IllegalArgumentException.class, () -> DpTransforms.gaussianNoise(1, Double.POSITIVE_INFINITY, 10, r));
    assertThrows(IllegalArgumentException.class, () -> DpTransforms.gaussianNoise(1, 1, 0, r));
    assertThrows(IllegalArgumentException.class, () -> DpTransforms.gaussianNoise(1, 1, 10, null));
  }
}
