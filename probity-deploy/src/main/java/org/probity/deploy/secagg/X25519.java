package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 Diffie–Hellman (RFC 7748) through the JDK's "X25519" provider, with the raw 32-byte encodings the
 * secure-aggregation messages carry: public keys as the little-endian u-coordinate, private keys as the
 * 32-byte scalar that is Shamir-shared for dropout recovery (Bonawitz et al., CCS 2017).
 */
final class X25519 {
  static final int KEY_BYTES = 32;
  private static final BigInteger FIELD = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final byte[] BASE_POINT = new byte[KEY_BYTES];

  static {
    BASE_POINT[0] = 9;
  }

  private X25519() {}

  static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
      g.initialize(NamedParameterSpec.X25519, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("x25519: the JDK provider is unavailable", e);
    }
  }

  static byte[] encodePublic(PublicKey key) {
    BigInteger u = ((XECPublicKey) key).getU();
    byte[] be = u.toByteArray();
    byte[] out = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  /** Strict: 32 bytes, top bit clear, canonical u &lt; 2^255 − 19. */
  static PublicKey decodePublic(byte[] raw, String field) {
    checkPublic(raw, field);
    byte[] be = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      be[i] = raw[KEY_BYTES - 1 - i];
    }
    try {
      return KeyFactory.getInstance("X25519").generatePublic(
          new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(field + ": not an X25519 public key: " + e.getMessage(), e);
    }
  }

  static void checkPublic(byte[] raw, String field) {
    if (raw == null || raw.length != KEY_BYTES) {
      throw new IllegalArgumentException(field + ": an X25519 public key is " + KEY_BYTES + " bytes, got "
          + (raw == null ? "null" : raw.length));
    }
    byte[] be = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      be[i] = raw[KEY_BYTES - 1 - i];
    }
    if (new BigInteger(1, be).compareTo(FIELD) >= 0) {
      throw new IllegalArgumentException(field + ": X25519 public key is not canonical (u >= 2^255-19)");
    }
  }

  static byte[] scalar(PrivateKey key) {
    return ((XECPrivateKey) key).getScalar()
        .orElseThrow(() -> new IllegalStateException("x25519: the private key does not expose its scalar"));
  }

  static PrivateKey privateFromScalar(byte[] scalar) {
    if (scalar == null || scalar.length != KEY_BYTES) {
      throw new IllegalArgumentException("x25519: a private scalar is " + KEY_BYTES + " bytes");
    }
    try {
      return KeyFactory.getInstance("X25519").generatePrivate(
          new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("x25519: cannot rebuild a private key", e);
    }
  }

  /** The shared secret X25519(sk, pk); refuses small-order public keys (all-zero result). */
  static byte[] agree(PrivateKey sk, PublicKey pk, String field) {
    try {
      KeyAgreement ka = KeyAgreement.getInstance("X25519");
      ka.init(sk);
      ka.doPhase(pk, true);
      return ka.generateSecret();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(field + ": key agreement refused: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("x25519: the JDK provider is unavailable", e);
    }
  }

  /** X25519(scalar, 9): the public key of a private scalar (used to check a reconstructed key). */
  static byte[] publicFromScalar(byte[] scalar) {
    return agree(privateFromScalar(scalar), decodePublic(BASE_POINT, "base point"), "base point");
  }
}
