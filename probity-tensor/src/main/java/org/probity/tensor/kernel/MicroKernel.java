package org.probity.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link VectorGemm}: a 6×16 tile of C held in twelve 256-bit
 * accumulators while one packed 6-row panel of A and one packed 16-column panel of B stream by,
 * one rank-1 update (2 loads of B, 6 broadcasts of A, 12 fused multiply-adds) per step of k. Of
 * the 16 ymm registers of AVX2 that leaves three for the two B vectors and the broadcast of A: the
 * shape BLIS uses on Haswell and Zen ("BLIS: A framework for rapidly instantiating BLAS
 * functionality", Van Zee and van de Geijn, ACM TOMS 2015). Each element of C is the fma chain
 * over p in order, then one add to C, so its value does not depend on where the tile sits or on
 * which thread computes it.
 */
final class MicroKernel {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  static final int MR = 6;
  static final int NR = 16;

  private MicroKernel() {}

  static int hardwareBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /**
   * C[rows×cols] (+)= Apanel · Bpanel over {@code kc} steps. {@code overwrite} stores instead of
   * adding (the first k-block of a non-accumulating call). {@code tile} is MR·NR scratch for edges.
   */
  static void run(int kc, float[] pa, int aBase, float[] pb, int bBase,
      float[] c, int cOff, int ldc, int rows, int cols, boolean overwrite, float[] tile) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S);
    FloatVector c41 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S);
    FloatVector c51 = FloatVector.zero(S);
    // Not unrolled by hand: C2 then keeps all 12 accumulators and both B vectors in registers,
    // whereas a two-step body makes it hoist four B loads and spill accumulators to the stack.
    for (int p = 0; p < kc; p++) {
      // Indices written as base + p·stride so C2 can hoist the range checks of B out of the loop.
      int ai = aBase + p * MR;
      int bi = bBase + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, pb, bi);
      FloatVector b1 = FloatVector.fromArray(S, pb, bi + 8);
      FloatVector a = FloatVector.broadcast(S, pa[ai]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(S, pa[ai + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(S, pa[ai + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(S, pa[ai + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(S, pa[ai + 4]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(S, pa[ai + 5]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
    }
    // Written out rather than factored into a helper: a vector passed to a method C2 does not
    // inline gets boxed on the heap, once per tile.
    if (rows == MR && cols == NR) {
      if (overwrite) {
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 8);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + 8);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 8);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 8);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 8);
      } else {
        FloatVector.fromArray(S, c, cOff).add(c00).intoArray(c, cOff);
        FloatVector.fromArray(S, c, cOff + 8).add(c01).intoArray(c, cOff + 8);
        FloatVector.fromArray(S, c, cOff + ldc).add(c10).intoArray(c, cOff + ldc);
        FloatVector.fromArray(S, c, cOff + ldc + 8).add(c11).intoArray(c, cOff + ldc + 8);
        FloatVector.fromArray(S, c, cOff + 2 * ldc).add(c20).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(S, c, cOff + 2 * ldc + 8).add(c21).intoArray(c, cOff + 2 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 3 * ldc).add(c30).intoArray(c, cOff + 3 * ldc);
        FloatVector.fromArray(S, c, cOff + 3 * ldc + 8).add(c31).intoArray(c, cOff + 3 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 4 * ldc).add(c40).intoArray(c, cOff + 4 * ldc);
        FloatVector.fromArray(S, c, cOff + 4 * ldc + 8).add(c41).intoArray(c, cOff + 4 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 5 * ldc).add(c50).intoArray(c, cOff + 5 * ldc);
        FloatVector.fromArray(S, c, cOff + 5 * ldc + 8).add(c51).intoArray(c, cOff + 5 * ldc + 8);
      }
      return;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, 8);
    c10.intoArray(tile, 16);
    c11.intoArray(tile, 24);
    c20.intoArray(tile, 32);
    c21.intoArray(tile, 40);
    c30.intoArray(tile, 48);
    c31.intoArray(tile, 56);
    c40.intoArray(tile, 64);
    c41.intoArray(tile, 72);
    c50.intoArray(tile, 80);
    c51.intoArray(tile, 88);
    for (int r = 0; r < rows; r++) {
      int row = cOff + r * ldc;
      int t = r * NR;
      if (overwrite) {
        for (int j = 0; j < cols; j++) {
          c[row + j] = tile[t + j];
        }
      } else {
        for (int j = 0; j < cols; j++) {
          c[row + j] += tile[t + j];
        }
      }
    }
  }

  /** Copies 16 floats with two vector moves; packing calls it once per row of a B panel. */
  static void copy16(float[] src, int from, float[] dst, int to) {
    FloatVector.fromArray(S, src, from).intoArray(dst, to);
    FloatVector.fromArray(S, src, from + 8).intoArray(dst, to + 8);
  }
}
