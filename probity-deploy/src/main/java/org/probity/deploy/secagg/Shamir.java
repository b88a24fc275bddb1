package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Shamir t-out-of-n secret sharing over the prime field GF(p), p = 2^521 − 1 (a Mersenne prime, large
 * enough for a 256-bit X25519 scalar or mask seed in one share): the secret is the constant term of a
 * uniformly random polynomial of degree t − 1 and each party's share is its value at the party's
 * nonzero point x (A. Shamir, "How to Share a Secret", CACM 1979; used for dropout recovery in Bonawitz et
 * al., CCS 2017). Any t shares determine the secret by Lagrange interpolation at 0; any t − 1 are
 * consistent with every secret, so reveal nothing. Shares are encoded as {@link #SHARE_BYTES} unsigned
 * big-endian bytes.
 */
public final class Shamir {
  /** p = 2^521 − 1. */
  public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
  /** Bytes of one encoded share (or field element): ⌈521/8⌉. */
  public static final int SHARE_BYTES = 66;

  private Shamir() {}

  /**
   * The shares of {@code secret} at the points {@code xs} (distinct, in [1, p)) under a fresh random
   * polynomial of degree {@code threshold − 1} drawn from {@code random}.
   */
  public static BigInteger[] split(BigInteger secret, int threshold, long[] xs, SecureRandom random) {
    checkElement("shamir split: secret", secret);
    if (xs == null || random == null) {
      throw new IllegalArgumentException("shamir split: points and randomness are required");
    }
    if (threshold < 1 || threshold > xs.length) {
      throw new IllegalArgumentException("shamir split: threshold must be in [1, " + xs.length + " points], got "
          + threshold);
    }
    checkPoints("shamir split", xs);
    BigInteger[] coeff = new BigInteger[threshold];
    coeff[0] = secret;
    for (int k = 1; k < threshold; k++) {
      coeff[k] = randomElement(random);
    }
    BigInteger[] shares = new BigInteger[xs.length];
    for (int i = 0; i < xs.length; i++) {
      BigInteger x = BigInteger.valueOf(xs[i]);
      BigInteger y = BigInteger.ZERO;
      for (int k = threshold - 1; k >= 0; k--) {
        y = y.multiply(x).add(coeff[k]).mod(PRIME);
      }
      shares[i] = y;
    }
    Arrays.fill(coeff, BigInteger.ZERO);
    return shares;
  }

  /**
   * The secret from at least {@code threshold} shares. The first {@code threshold} shares determine the
   * polynomial; any further share must lie on it, or this throws (shares from different sharings, or
   * corrupted). Fewer than {@code threshold} shares throw rather than return a wrong value.
   */
  public static BigInteger reconstruct(int threshold, long[] xs, BigInteger[] ys) {
    return new Reconstructor(threshold, xs).reconstruct(ys);
  }

  /**
   * Reconstruction at a fixed set of points, with the Lagrange weights computed once: the server of a
   * round reconstructs one secret per client from the same responders, so this turns O(n) field inversions
   * per secret into plain multiply-adds.
   */
  public static final class Reconstructor {
    private final int threshold;
    private final long[] xs;
    /** weights[0]: Lagrange weights of the first t points at 0; weights[j]: at xs[t + j − 1]. */
    private final BigInteger[][] weights;

    public Reconstructor(int threshold, long[] xs) {
      if (xs == null) {
        throw new IllegalArgumentException("shamir reconstruct: points are required");
      }
      if (threshold < 1) {
        throw new IllegalArgumentException("shamir reconstruct: threshold must be >= 1, got " + threshold);
      }
      if (xs.length < threshold) {
        throw new IllegalArgumentException("shamir reconstruct: " + xs.length + " shares are fewer than the"
            + " threshold " + threshold + "; the secret is undetermined");
      }
      checkPoints("shamir reconstruct", xs);
      this.threshold = threshold;
      this.xs = xs.clone();
      long[] base = Arrays.copyOf(xs, threshold);
      weights = new BigInteger[xs.length - threshold + 1][];
      weights[0] = lagrangeWeights(base, 0);
      for (int j = threshold; j < xs.length; j++) {
        weights[j - threshold + 1] = lagrangeWeights(base, xs[j]);
      }
    }

    /** The secret from the shares at this reconstructor's points, in the same order. */
    public BigInteger reconstruct(BigInteger[] ys) {
      if (ys == null || ys.length != xs.length) {
        throw new IllegalArgumentException("shamir reconstruct: need as many shares as points (" + xs.length
            + "), got " + (ys == null ? "null" : ys.length));
      }
      for (int i = 0; i < ys.length; i++) {
        checkElement("shamir reconstruct: share " + i, ys[i]);
      }
      for (int j = threshold; j < xs.length; j++) {
        if (!dot(weights[j - threshold + 1], ys).equals(ys[j])) {
          throw new IllegalArgumentException("shamir reconstruct: share at x=" + xs[j]
              + " is inconsistent with the first " + threshold + " shares");
        }
      }
      return dot(weights[0], ys);
    }

    private static BigInteger dot(BigInteger[] w, BigInteger[] ys) {
      BigInteger sum = BigInteger.ZERO;
      for (int i = 0; i < w.length; i++) {
        sum = sum.add(w[i].multiply(ys[i]));
      }
      return sum.mod(PRIME);
    }
  }

  /** ℓ_i(at) = Π_{j≠i} (at − x_j)/(x_i − x_j) mod p for each point x_i. */
  private static BigInteger[] lagrangeWeights(long[] xs, long at) {
    BigInteger a = BigInteger.valueOf(at);
    BigInteger[] w = new BigInteger[xs.length];
    for (int i = 0; i < xs.length; i++) {
      BigInteger num = BigInteger.ONE;
      BigInteger den = BigInteger.ONE;
      BigInteger xi = BigInteger.valueOf(xs[i]);
      for (int j = 0; j < xs.length; j++) {
        if (j != i) {
          BigInteger xj = BigInteger.valueOf(xs[j]);
          num = num.multiply(a.subtract(xj)).mod(PRIME);
          den = den.multiply(xi.subtract(xj)).mod(PRIME);
        }
      }
      w[i] = num.multiply(den.modInverse(PRIME)).mod(PRIME);
    }
    return w;
  }

  /** The value at {@code at} of the unique polynomial of degree &lt; xs.length through (xs[i], ys[i]). */
  public static BigInteger interpolate(long[] xs, BigInteger[] ys, long at) {
    if (xs == null || ys == null || xs.length != ys.length || xs.length == 0) {
      throw new IllegalArgumentException("shamir interpolate: need as many points as values, at least one");
    }
    long[] sorted = xs.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("shamir interpolate: point x=" + sorted[i] + " appears twice");
      }
    }
    BigInteger[] w = lagrangeWeights(xs, at);
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < w.length; i++) {
      sum = sum.add(w[i].multiply(ys[i]));
    }
    return sum.mod(PRIME);
  }

  /** A field element as {@link #SHARE_BYTES} unsigned big-endian bytes. */
  public static byte[] encode(BigInteger element) {
    checkElement("shamir encode", element);
    byte[] raw = element.toByteArray();
    byte[] out = new byte[SHARE_BYTES];
    int n = Math.min(raw.length, SHARE_BYTES);
    System.arraycopy(raw, raw.length - n, out, SHARE_BYTES - n, n);
    return out;
  }

  /** Inverse of {@link #encode}; refuses a wrong length or a value ≥ p, naming {@code field}. */
  public static BigInteger decode(byte[] bytes, String field) {
    if (bytes == null || bytes.length != SHARE_BYTES) {
      throw new IllegalArgumentException(field + ": a share is " + SHARE_BYTES + " bytes, got "
          + (bytes == null ? "null" : bytes.length));
    }
    BigInteger v = new BigInteger(1, bytes);
    if (v.compareTo(PRIME) >= 0) {
      throw new IllegalArgumentException(field + ": share value is not below the field prime 2^521-1");
    }
    return v;
  }

  private static BigInteger randomElement(SecureRandom random) {
    BigInteger r;
    do {
      r = new BigInteger(521, random);
    } while (r.compareTo(PRIME) >= 0);
    return r;
  }

  private static void checkElement(String what, BigInteger v) {
    if (v == null || v.signum() < 0 || v.compareTo(PRIME) >= 0) {
      throw new IllegalArgumentException(what + " must be in [0, 2^521-1), got " + (v == null ? "null" : v));
    }
  }

  private static void checkPoints(String op, long[] xs) {
    long[] sorted = xs.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] <= 0) {
        throw new IllegalArgumentException(op + ": points must be >= 1 (x=0 is the secret), got " + sorted[i]);
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException(op + ": point x=" + sorted[i] + " appears twice");
      }
    }
  }
}
