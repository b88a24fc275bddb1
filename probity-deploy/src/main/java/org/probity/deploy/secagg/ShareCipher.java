package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of the Shamir shares one client sends another through the server (Bonawitz et
 * al., CCS 2017, round ShareKeys): AES-128-GCM under a key derived by HKDF from the pair's X25519 secret,
 * a random 96-bit nonce, and the round, sender and recipient as associated data and inside the plaintext,
 * so the server can neither read nor redirect a share.
 */
final class ShareCipher {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int PLAIN_BYTES = 4 + 4 + 2 * Shamir.SHARE_BYTES;
  /** Bytes of one encrypted share bundle: nonce ‖ ciphertext ‖ tag. */
  static final int CIPHERTEXT_BYTES = IV_BYTES + PLAIN_BYTES + TAG_BITS / 8;
  private static final byte[] AAD_LABEL = "probity-secagg-share".getBytes(StandardCharsets.US_ASCII);

  /** The two shares one sender holds for one recipient. */
  record Shares(BigInteger keyShare, BigInteger maskShare) {}

  private ShareCipher() {}

  static byte[] key(byte[] sharedSecret, long round, int a, int b) {
    return Hkdf.derive(sharedSecret, "share-encryption", round, a, b, 16);
  }

  static byte[] encrypt(byte[] key, long round, int sender, int recipient, Shares shares, SecureRandom random) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    ByteBuffer plain = ByteBuffer.allocate(PLAIN_BYTES);
    plain.putInt(sender).putInt(recipient).put(Shamir.encode(shares.keyShare())).put(Shamir.encode(shares.maskShare()));
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad(round, sender, recipient));
      byte[] out = new byte[CIPHERTEXT_BYTES];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      c.doFinal(plain.array(), 0, PLAIN_BYTES, out, IV_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("share encryption: AES-GCM is unavailable", e);
    }
  }

  static Shares decrypt(byte[] key, long round, int sender, int recipient, byte[] ciphertext) {
    String field = "ciphertext from client " + sender;
    if (ciphertext == null || ciphertext.length != CIPHERTEXT_BYTES) {
      throw new IllegalArgumentException(field + ": must be " + CIPHERTEXT_BYTES + " bytes, got "
          + (ciphertext == null ? "null" : ciphertext.length));
    }
    byte[] plain;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_BYTES));
      c.updateAAD(aad(round, sender, recipient));
      plain = c.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(field + ": authentication failed (wrong key, round or recipient, or"
          + " tampered)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("share decryption: AES-GCM is unavailable", e);
    }
    ByteBuffer b = ByteBuffer.wrap(plain);
    int s = b.getInt();
    int r = b.getInt();
    if (s != sender || r != recipient) {
      throw new IllegalArgumentException(field + ": sealed for " + s + " -> " + r + ", not " + sender + " -> "
          + recipient);
    }
    byte[] k = new byte[Shamir.SHARE_BYTES];
    byte[] m = new byte[Shamir.SHARE_BYTES];
    b.get(k).get(m);
    return new Shares(Shamir.decode(k, field + " key share"), Shamir.decode(m, field + " mask share"));
  }

  private static byte[] aad(long round, int sender, int recipient) {
    return ByteBuffer.allocate(AAD_LABEL.length + 16).put(AAD_LABEL).putLong(round).putInt(sender)
        .putInt(recipient).array();
  }
}
