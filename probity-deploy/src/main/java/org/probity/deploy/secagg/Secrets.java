package org.probity.deploy.secagg;

import java.math.BigInteger;

/** Conversions between 32-byte secrets (X25519 scalars, self-mask seeds) and Shamir field elements. */
final class Secrets {
  private Secrets() {}

  static BigInteger toElement(byte[] secret) {
    return new BigInteger(1, secret);
  }

  /** The element as exactly {@code n} unsigned big-endian bytes; refuses one that does not fit. */
  static byte[] toBytes(BigInteger v, int n, String what) {
    if (v.signum() < 0 || v.bitLength() > 8 * n) {
      throw new SecAggAbortedException(what + ": reconstructed value does not fit in " + n + " bytes; the shares"
          + " are inconsistent");
    }
    byte[] raw = v.toByteArray();
    byte[] out = new byte[n];
    int len = Math.min(raw.length, n);
    System.arraycopy(raw, raw.length - len, out, n - len, len);
    return out;
  }
}
