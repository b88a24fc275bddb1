package org.probity.deploy.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) with the domain separation secure aggregation needs: every derived key is bound
 * to a purpose label, the round id and an unordered pair of client ids, so the two ends of a pair derive
 * the same key and no key is reused across rounds or purposes.
 */
final class Hkdf {
  private static final byte[] SALT = "probity-secagg-v1".getBytes(StandardCharsets.US_ASCII);

  private Hkdf() {}

  /** The first {@code length} ≤ 32 bytes of HKDF(salt, ikm, label ‖ round ‖ min(a,b) ‖ max(a,b)). */
  static byte[] derive(byte[] ikm, String label, long round, int a, int b, int length) {
    if (length < 1 || length > 32) {
      throw new IllegalArgumentException("hkdf: length must be in [1, 32], got " + length);
    }
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer info = ByteBuffer.allocate(l.length + 1 + 8 + 4 + 4 + 1);
    info.put(l).put((byte) 0).putLong(round).putInt(Math.min(a, b)).putInt(Math.max(a, b)).put((byte) 1);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] okm = mac.doFinal(info.array());
      byte[] out = new byte[length];
      System.arraycopy(okm, 0, out, 0, length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("hkdf: HmacSHA256 is unavailable", e);
    }
  }
}
