package org.probity.deploy.secagg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The masks of secure aggregation (Bonawitz et al., CCS 2017, §4): a pseudorandom vector over Z_{2^32}
 * expanded from a seed. Pairwise masks m_uv use a 128-bit AES key derived by HKDF-SHA256 from the X25519
 * secret of u and v, bound to the round and the unordered pair {u, v} (so m_uv = m_vu); the self mask b_u
 * uses a key derived the same way from u's random seed. The expansion is AES-128-CTR with a zero IV over
 * a zero plaintext, read as little-endian 32-bit words; each key is used for one vector only. Client u
 * adds +m_uv for every v &gt; u and −m_uv for every v &lt; u, so pairwise masks cancel in the sum.
 *
 * <p>Expansion runs in chunks straight into the target int[] (no boxing, no per-element allocation).
 */
public final class PairwiseMasks {
  /** Bytes of a self-mask seed (shared by Shamir). */
  public static final int SEED_BYTES = 32;
  private static final int CHUNK_BYTES = 1 << 15;
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private PairwiseMasks() {}

  /** The AES key of m_uv from the X25519 secret of u and v. */
  public static byte[] pairwiseKey(byte[] sharedSecret, long round, int u, int v) {
    return Hkdf.derive(sharedSecret, "pairwise-mask", round, u, v, 16);
  }

  /** The AES key of b_u from u's self-mask seed. */
  public static byte[] selfKey(byte[] seed, long round, int u) {
    return Hkdf.derive(seed, "self-mask", round, u, u, 16);
  }

  /** target += sign·PRG(key) (mod 2^32), sign = +1 or −1. */
  public static void apply(int[] target, byte[] aesKey, int sign) {
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("mask: sign must be +1 or -1, got " + sign);
    }
    Cipher cipher;
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("mask: AES-128-CTR is unavailable", e);
    }
    byte[] zeros = new byte[CHUNK_BYTES];
    byte[] stream = new byte[CHUNK_BYTES];
    int words = CHUNK_BYTES / 4;
    for (int off = 0; off < target.length; off += words) {
      int n = Math.min(words, target.length - off);
      try {
        cipher.update(zeros, 0, n * 4, stream, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("mask: AES-CTR failed", e);
      }
      if (sign > 0) {
        for (int i = 0; i < n; i++) {
          target[off + i] += (int) INT_LE.get(stream, i * 4);
        }
      } else {
        for (int i = 0; i < n; i++) {
          target[off + i] -= (int) INT_LE.get(stream, i * 4);
        }
      }
    }
  }

  /** The mask vector PRG(key) of the given length (for tests and the server's bookkeeping). */
  public static int[] expand(byte[] aesKey, int length) {
    int[] out = new int[length];
    apply(out, aesKey, 1);
    return out;
  }
}
