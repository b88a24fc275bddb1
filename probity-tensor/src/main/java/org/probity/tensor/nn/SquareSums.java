package org.probity.tensor.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.probity.tensor.kernel.Kernels;

/**
 * Sums of squares for the per-example norm paths of the grad samplers. For a dense layer the norms
 * cost B·(in + out) against the B·in·out of the GEMMs, but a scalar loop of dependent double
 * additions runs ten times slower per element than the vectorised GEMM, which made it several per
 * cent of an MLP step. So when the Vector-API backend is in use the squares are summed in float
 * vector lanes with fused multiply-adds, flushed to a double every {@link #CHUNK} elements to keep
 * the float partial sums short (relative error about 1e-7 whatever the length); otherwise four
 * independent double accumulators.
 */
final class SquareSums {
  private static final int CHUNK = 1024;

  private SquareSums() {}

  /** Σ d[k]² over [off, off + len), accumulated in double across chunks. */
  static double of(float[] d, int off, int len) {
    if (len >= 32 && Kernels.backend() == Kernels.Backend.VECTOR) {
      return Simd.of(d, off, len);
    }
    return scalar(d, off, len);
  }

  static double scalar(float[] d, int off, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = off;
    int end = off + len;
    for (; k + 3 < end; k += 4) {
      double a = d[k];
      double b = d[k + 1];
      double c = d[k + 2];
      double e = d[k + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += e * e;
    }
    for (; k < end; k++) {
      double a = d[k];
      s0 += a * a;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Separate class so the vector classes load only when the Vector-API backend is active. */
  private static final class Simd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    static double of(float[] d, int off, int len) {
      double total = 0;
      int end = off + len;
      int k = off;
      while (end - k >= S.length()) {
        int chunkEnd = k + Math.min(CHUNK, S.loopBound(end - k));
        FloatVector acc = FloatVector.zero(S);
        for (; k < chunkEnd; k += S.length()) {
          FloatVector v = FloatVector.fromArray(S, d, k);
          acc = v.fma(v, acc);
        }
        total += acc.reduceLanes(VectorOperators.ADD);
      }
      for (; k < end; k++) {
        total += (double) d[k] * d[k];
      }
      return total;
    }
  }
}
