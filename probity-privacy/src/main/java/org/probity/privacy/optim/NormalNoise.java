package org.probity.privacy.optim;

import org.probity.tensor.kernel.Kernels;

/**
 * Adds scaled standard normal noise to an array, the inner loop of {@link GaussianNoise}: by
 * {@link VectorNormals} when the tensor engine runs its Vector-API backend, else (and for the last
 * few values of an array) by the scalar {@link Ziggurat}. Both are exact in distribution, tails
 * included; the numbers themselves depend on the seed and on which backend ran, as the GEMMs do.
 */
final class NormalNoise {
  private NormalNoise() {}

  /** {@code out[k] = (in[k] + std·z_k)·scale}, the z_k drawn from a stream determined by {@code seed}. */
  static void addScaled(float[] in, float[] out, float std, float scale, long seed) {
    int done = 0;
    if (Kernels.backend() == Kernels.Backend.VECTOR) {
      done = Vectorised.addScaled(in, out, std, scale, seed);
    }
    if (done == in.length) {
      return;
    }
    Ziggurat z = new Ziggurat(seed ^ 0x6A09E667F3BCC909L);
    for (int k = done; k < in.length; k++) {
      out[k] = (in[k] + std * (float) z.next()) * scale;
    }
  }

  /** Separate class so the vector classes load only when the Vector-API backend is active. */
  private static final class Vectorised {
    static int addScaled(float[] in, float[] out, float std, float scale, long seed) {
      new VectorNormals(seed).addScaled(in, out, std, scale);
      return VectorNormals.vectorLength(in.length);
    }
  }
}
