package org.probity.privacy.optim;

/**
 * Standard normal variates by the ziggurat method (Marsaglia and Tsang, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Softw. 2000), 128 layers, fed by SplitMix64. DP-SGD adds
 * one Gaussian per parameter per step, 200,000 for a small MLP, and the polar method's logarithm
 * and square root made that cost as much as the whole training step; here 99% of draws cost one
 * table look-up, a compare and a multiply, and each 64-bit random number feeds two of them.
 *
 * <p>Accuracy, which matters because DP's guarantee assumes true Gaussian tails: a fast-path value
 * is u·x_i with u a 25-bit signed integer (a grid of at most 2.2e-7 standard deviations, finer than
 * the float32 the value is added to), and the tail beyond r = 3.44 and the wedges are sampled
 * exactly in double precision, so the distribution is not truncated anywhere (the float Box–Muller
 * of common libraries cuts it off near 5.6σ, where a DP adversary could tell neighbours apart).
 * Deterministic: the same seed gives the same values on every JVM.
 */
final class Ziggurat {
  private static final int LAYERS = 128;
  /** Marsaglia and Tsang's constants for 128 layers: the base strip's start r and each layer's area v. */
  private static final double R = 3.442619855899;
  private static final double V = 9.91256303526217e-3;
  private static final double[] X = new double[LAYERS + 1];
  private static final double[] F = new double[LAYERS + 1];
  /** x_i / 2^24, so that a 25-bit signed u gives u·x_i / 2^24 in one multiply. */
  private static final float[] XSCALED = new float[LAYERS];
  /** ⌊(x_{i+1} / x_i)·2^24⌋: |u| below it lies wholly under the curve. */
  private static final int[] KEEP = new int[LAYERS];
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  static {
    double fr = Math.exp(-0.5 * R * R);
    X[0] = V / fr;
    X[1] = R;
    for (int i = 1; i < LAYERS - 1; i++) {
      X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + Math.exp(-0.5 * X[i] * X[i])));
    }
    X[LAYERS] = 0;
    for (int i = 0; i <= LAYERS; i++) {
      F[i] = Math.exp(-0.5 * X[i] * X[i]);
    }
    for (int i = 0; i < LAYERS; i++) {
      XSCALED[i] = (float) (X[i] * 0x1.0p-24);
      KEEP[i] = (int) Math.floor(X[i + 1] / X[i] * 0x1.0p24);
    }
  }

  private long state;

  Ziggurat(long seed) {
    this.state = seed;
  }

  private long nextLong() {
    long z = state += GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private double nextOpenUnit() {
    return 1.0 - (nextLong() >>> 11) * 0x1.0p-53; // (0, 1]
  }

  /** One standard normal. */
  double next() {
    return fromBits((int) nextLong());
  }

  private double fromBits(int j) {
    int u = j >> 7;
    int i = j & (LAYERS - 1);
    return Math.abs(u) < KEEP[i] ? u * (double) XSCALED[i] : slow(j);
  }

  /** The rare draws (about 1.2%) that fall outside a layer's inner rectangle: tail or wedge, exactly. */
  private double slow(int j) {
    while (true) {
      int u = j >> 7;
      int i = j & (LAYERS - 1);
      double x = u * X[i] * 0x1.0p-24;
      if (Math.abs(u) < KEEP[i]) {
        return x;
      }
      if (i == 0) {
        // Marsaglia's tail algorithm: exact for |x| > r.
        double a;
        double b;
        do {
          a = -Math.log(nextOpenUnit()) / R;
          b = -Math.log(nextOpenUnit());
        } while (b + b < a * a);
        return u < 0 ? -(R + a) : R + a;
      }
      double y = F[i] + (1.0 - nextOpenUnit()) * (F[i + 1] - F[i]);
      if (y < Math.exp(-0.5 * x * x)) {
        return x;
      }
      j = (int) nextLong();
    }
  }
}
