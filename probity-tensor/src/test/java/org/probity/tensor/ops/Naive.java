package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Test helpers for the shape and indexing ops: random inputs, coordinate arithmetic written out
 * element by element (so the reference results share no code with the copy kernels under test), and
 * a hand-recorded sum to drive backward without depending on Reductions.
 */
final class Naive {
  private Naive() {}

  static Tensor randn(long seed, int... dims) {
    return Tensor.randn(new Rng(seed), dims);
  }

  /** Row-major coordinates of flat position {@code flat} in {@code dims}. */
  static int[] unravel(int flat, int[] dims) {
    int[] c = new int[dims.length];
    for (int i = dims.length - 1; i >= 0; i--) {
      c[i] = flat % dims[i];
      flat /= dims[i];
    }
    return c;
  }

  /** Output axis i is input axis order[i], element by element through Tensor.get. */
  static Tensor permute(Tensor a, int[] order) {
    int[] in = a.shape().dims();
    int[] outDims = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      outDims[i] = in[order[i]];
    }
    Shape os = Shape.of(outDims);
    float[] d = new float[os.size()];
    for (int q = 0; q < d.length; q++) {
      int[] oc = unravel(q, outDims);
      int[] ic = new int[in.length];
      for (int i = 0; i < in.length; i++) {
        ic[order[i]] = oc[i];
      }
      d[q] = a.get(ic);
    }
    return Tensor.wrap(d, os);
  }

  static void assertSameTensor(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape(), "shape");
    assertArrayEquals(expected.data(), actual.data(), 0f, "data");
  }

  /** sum of all elements, recorded by hand. */
  static Tensor sumAll(Tensor x) {
    float s = 0;
    for (float v : x.data()) {
      s += v;
    }
    return Tape.record("sumAll", Tensor.scalar(s), g -> new Tensor[] {Tensor.full(g.item(), x.shape())}, x);
  }

  static int[] randomIndex(long seed, int n, int bound) {
    Rng rng = new Rng(seed);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = rng.nextInt(bound);
    }
    return idx;
  }
}
