package org.probity.privacy.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Standard normal variates eight lanes at a time by the Box–Muller transform (Box and Muller 1958),
 * fed by eight xoshiro128++ streams (Blackman and Vigna 2018). DP-SGD adds a Gaussian to every
 * parameter at every step, and one at a time that cost about as much as a small model's whole
 * training step. The logarithm, sine and cosine are short polynomials (the Vector API's LOG, SIN
 * and COS are library calls that cost more) and floats are built in the exponent field rather than
 * converted from ints. The work runs in chunks through several small loops, each a few operations
 * between loads and stores of L1-resident scratch arrays: C2 on JDK 17 compiles large bodies of
 * vector code unreliably (it runs out of inlining budget or loses the vectors' exact types, then
 * boxes every vector, several times slower), and small loops made that rare.
 *
 * <p>Accuracy, which matters because DP's guarantee assumes Gaussian tails: the radius uses a
 * uniform with 46 random bits, so it is finely resolved both near 0 and far out, and the rare
 * radii beyond 5.27σ (u below 2^-20, about one draw in a million) are redrawn exactly in double
 * precision, so the distribution is not truncated (the float Box–Muller of common libraries stops
 * near 5.8σ). The polynomials are accurate to about 1e-7 and the angle resolves 2^-25 of a turn,
 * finer than the float32 the noise is added to. This is not a "secure mode" against floating-point
 * attacks (Mironov 2012); neither is Opacus's default.
 */
final class VectorNormals {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final int LANES = 8;
  /** Pairs of outputs per chunk: the scratch arrays stay in L1. */
  private static final int CHUNK = 512;
  private static final float HALF_PI = (float) (Math.PI / 2);
  private static final float LN2 = (float) Math.log(2);
  private static final float TAIL = 0x1.0p-20f;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** xoshiro128++ state: four words per lane. */
  private final int[] state = new int[4 * LANES];
  private final int[] angleBits = new int[CHUNK];
  private final int[] highBits = new int[CHUNK];
  private final int[] lowBits = new int[CHUNK];
  private final float[] uniform = new float[CHUNK];
  private final float[] complement = new float[CHUNK];
  private final float[] ratio = new float[CHUNK];
  private final float[] offset = new float[CHUNK];
  private final float[] radius = new float[CHUNK];
  private final int[] cosBits = new int[CHUNK];
  private final int[] sinBits = new int[CHUNK];
  private long tailState;

  VectorNormals(long seed) {
    long s = seed;
    for (int i = 0; i < state.length; i++) {
      s += GOLDEN;
      state[i] = (int) mix(s);
    }
    for (int lane = 0; lane < LANES; lane++) {
      if ((state[lane] | state[LANES + lane] | state[2 * LANES + lane] | state[3 * LANES + lane]) == 0) {
        state[lane] = 1; // the all-zero state would stay zero
      }
    }
    this.tailState = mix(seed ^ 0x5DEECE66DL);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** How many leading values {@link #addScaled} produces by vector: a multiple of 16. */
  static int vectorLength(int n) {
    return n - n % (2 * LANES);
  }

  /**
   * {@code out[k] = (in[k] + std·z_k)·scale} for k below {@link #vectorLength}(in.length); the
   * caller fills the remainder.
   */
  void addScaled(float[] in, float[] out, float std, float scale) {
    int end = vectorLength(in.length);
    for (int k = 0; k < end; ) {
      int pairs = Math.min(CHUNK, (end - k) / 2);
      words(angleBits, pairs);
      words(highBits, pairs);
      words(lowBits, pairs);
      boolean tail = uniforms(pairs);
      logRatios(pairs);
      radii(pairs, std);
      if (tail) {
        exactTail(pairs, std);
      }
      angles(pairs);
      emit(in, out, k, pairs, scale);
      k += 2 * pairs;
    }
  }

  private void words(int[] dst, int count) {
    IntVector s0 = IntVector.fromArray(INTS, state, 0);
    IntVector s1 = IntVector.fromArray(INTS, state, LANES);
    IntVector s2 = IntVector.fromArray(INTS, state, 2 * LANES);
    IntVector s3 = IntVector.fromArray(INTS, state, 3 * LANES);
    for (int j = 0; j < count; j += LANES) {
      s0.add(s3).lanewise(VectorOperators.ROL, 7).add(s0).intoArray(dst, j);
      IntVector t = s1.lanewise(VectorOperators.LSHL, 9);
      s2 = s2.lanewise(VectorOperators.XOR, s0);
      s3 = s3.lanewise(VectorOperators.XOR, s1);
      s1 = s1.lanewise(VectorOperators.XOR, s2);
      s0 = s0.lanewise(VectorOperators.XOR, s3);
      s2 = s2.lanewise(VectorOperators.XOR, t);
      s3 = s3.lanewise(VectorOperators.ROL, 11);
    }
    s0.intoArray(state, 0);
    s1.intoArray(state, LANES);
    s2.intoArray(state, 2 * LANES);
    s3.intoArray(state, 3 * LANES);
  }

  /** A uniform in [0, 1) from a word's top 23 bits, built in the exponent field (no int-to-float). */
  private static FloatVector unit(IntVector r) {
    return r.lanewise(VectorOperators.LSHR, 9).or(0x3F800000).reinterpretAsFloats().sub(1f);
  }

  /**
   * u = 1 − w and w = f1 + f2·2^-23, uniform on (0, 1] and [0, 1) with 46 random bits, so both are
   * finely resolved near 0. Returns whether any u fell below {@link #TAIL}.
   */
  private boolean uniforms(int pairs) {
    boolean tail = false;
    for (int j = 0; j < pairs; j += LANES) {
      FloatVector f1 = unit(IntVector.fromArray(INTS, highBits, j));
      FloatVector f2 = unit(IntVector.fromArray(INTS, lowBits, j));
      FloatVector u = f2.fma(-0x1.0p-23f, 1f).sub(f1);
      u.intoArray(uniform, j);
      f2.fma(0x1.0p-23f, 0f).add(f1).intoArray(complement, j);
      tail |= u.compare(VectorOperators.LT, TAIL).anyTrue();
    }
    return tail;
  }

  /**
   * ln u = offset + 2·atanh(ratio), |ratio| ≤ 1/3: ratio = −w/(2 − w) when u ≥ 1/2 (no cancellation
   * for u near 1), and otherwise, with u = m·2^e, ratio = (m − 1)/(m + 1) and offset = e·ln 2.
   */
  private void logRatios(int pairs) {
    FloatVector ln2 = FloatVector.broadcast(FLOATS, LN2);
    FloatVector zero = FloatVector.zero(FLOATS);
    for (int j = 0; j < pairs; j += LANES) {
      FloatVector u = FloatVector.fromArray(FLOATS, uniform, j);
      FloatVector w = FloatVector.fromArray(FLOATS, complement, j);
      VectorMask<Float> below = u.compare(VectorOperators.LT, 0.5f);
      IntVector ub = u.reinterpretAsInts();
      // The biased exponent as a float by the 2^23 trick, again avoiding an int-to-float conversion.
      FloatVector e = ub.lanewise(VectorOperators.LSHR, 23).or(0x4B000000).reinterpretAsFloats()
          .sub(8388608f + 127f);
      FloatVector m = ub.and(0x7FFFFF).or(0x3F800000).reinterpretAsFloats();
      FloatVector num = w.neg().blend(m.sub(1f), below);
      FloatVector den = w.neg().add(2f).blend(m.add(1f), below);
      num.div(den).intoArray(ratio, j);
      zero.blend(e.mul(ln2), below).intoArray(offset, j);
    }
  }

  /** radius = std·√(−2 ln u) from the series 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + ... + s¹²/13). */
  private void radii(int pairs, float std) {
    FloatVector c9 = FloatVector.broadcast(FLOATS, 1f / 9);
    FloatVector c7 = FloatVector.broadcast(FLOATS, 1f / 7);
    FloatVector c5 = FloatVector.broadcast(FLOATS, 1f / 5);
    FloatVector c3 = FloatVector.broadcast(FLOATS, 1f / 3);
    FloatVector c1 = FloatVector.broadcast(FLOATS, 1f);
    FloatVector two = FloatVector.broadcast(FLOATS, 2f);
    FloatVector scale = FloatVector.broadcast(FLOATS, -2f * std * std);
    for (int j = 0; j < pairs; j += LANES) {
      FloatVector s = FloatVector.fromArray(FLOATS, ratio, j);
      FloatVector s2 = s.mul(s);
      FloatVector p = s2.fma(1f / 13, 1f / 11).fma(s2, c9).fma(s2, c7).fma(s2, c5).fma(s2, c3).fma(s2, c1);
      FloatVector ln = s.mul(p).fma(two, FloatVector.fromArray(FLOATS, offset, j));
      ln.mul(scale).sqrt().intoArray(radius, j);
    }
  }

  /** Redraws the radii whose u fell below 2^-20 from u uniform on (0, 2^-20] in double precision. */
  private void exactTail(int pairs, float std) {
    for (int j = 0; j < pairs; j++) {
      if (uniform[j] < TAIL) {
        long z = tailState += GOLDEN;
        double u = 0x1.0p-20 * (1.0 - (mix(z) >>> 11) * 0x1.0p-53);
        radius[j] = (float) (std * Math.sqrt(-2 * Math.log(u)));
      }
    }
  }

  /**
   * (cos θ, sin θ) for θ = (q + t)·π/2, the quadrant q from a word's two low bits and t from its top
   * 23: sin and cos are Taylor polynomials on [0, π/2] (error below 6e-8) and the quadrant only
   * swaps them and flips signs, all in the bits.
   */
  private void angles(int pairs) {
    FloatVector c1 = FloatVector.broadcast(FLOATS, 1f);
    FloatVector s7 = FloatVector.broadcast(FLOATS, -1f / 5040);
    FloatVector s5 = FloatVector.broadcast(FLOATS, 1f / 120);
    FloatVector s3 = FloatVector.broadcast(FLOATS, -1f / 6);
    FloatVector k8 = FloatVector.broadcast(FLOATS, 1f / 40320);
    FloatVector k6 = FloatVector.broadcast(FLOATS, -1f / 720);
    FloatVector k4 = FloatVector.broadcast(FLOATS, 1f / 24);
    FloatVector k2 = FloatVector.broadcast(FLOATS, -0.5f);
    FloatVector halfPi = FloatVector.broadcast(FLOATS, HALF_PI);
    for (int j = 0; j < pairs; j += LANES) {
      IntVector r = IntVector.fromArray(INTS, angleBits, j);
      FloatVector a = unit(r).mul(halfPi);
      FloatVector a2 = a.mul(a);
      FloatVector sn = a2.fma(-1f / 39916800, 1f / 362880).fma(a2, s7).fma(a2, s5).fma(a2, s3).fma(a2, c1).mul(a);
      FloatVector cs = a2.fma(1f / 479001600, -1f / 3628800).fma(a2, k8).fma(a2, k6).fma(a2, k4).fma(a2, k2)
          .fma(a2, c1);
      IntVector q = r.and(3);
      VectorMask<Integer> swap = q.and(1).compare(VectorOperators.NE, 0);
      IntVector xb = cs.reinterpretAsInts().blend(sn.reinterpretAsInts(), swap);
      IntVector yb = sn.reinterpretAsInts().blend(cs.reinterpretAsInts(), swap);
      // cos θ < 0 in quadrants 1 and 2, sin θ < 0 in 2 and 3: flip the sign bits.
      IntVector xs = q.lanewise(VectorOperators.XOR, q.lanewise(VectorOperators.LSHR, 1)).lanewise(VectorOperators.LSHL, 31);
      IntVector ys = q.lanewise(VectorOperators.LSHR, 1).lanewise(VectorOperators.LSHL, 31);
      xb.lanewise(VectorOperators.XOR, xs).intoArray(cosBits, j);
      yb.lanewise(VectorOperators.XOR, ys).intoArray(sinBits, j);
    }
  }

  /** out = (in + r·(cos θ, sin θ))·scale; pair j's two values land eight apart. */
  private void emit(float[] in, float[] out, int offset, int pairs, float scale) {
    FloatVector sc = FloatVector.broadcast(FLOATS, scale);
    for (int j = 0; j < pairs; j += LANES) {
      FloatVector rad = FloatVector.fromArray(FLOATS, radius, j);
      FloatVector x = IntVector.fromArray(INTS, cosBits, j).reinterpretAsFloats();
      FloatVector y = IntVector.fromArray(INTS, sinBits, j).reinterpretAsFloats();
      int k = offset + 2 * j;
      rad.fma(x, FloatVector.fromArray(FLOATS, in, k)).mul(sc).intoArray(out, k);
      rad.fma(y, FloatVector.fromArray(FLOATS, in, k + LANES)).mul(sc).intoArray(out, k + LANES);
    }
  }
}
