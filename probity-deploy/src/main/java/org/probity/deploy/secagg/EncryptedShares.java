package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Client → server, phase 1 (Bonawitz et al., CCS 2017, ShareKeys): for every other client in the roster,
 * in increasing id order, one AES-GCM ciphertext holding the sender's Shamir shares of its mask private
 * key and of its self-mask seed for that recipient. The server forwards them unread in
 * {@link ShareDelivery}.
 */
public record EncryptedShares(long round, int sender, int[] recipients, byte[][] ciphertexts) {
  static final String NAME = "secagg EncryptedShares";
  /** Bytes of one ciphertext. */
  public static final int CIPHERTEXT_BYTES = ShareCipher.CIPHERTEXT_BYTES;

  public EncryptedShares {
    Wire.checkRound(NAME, round);
    Wire.checkId(NAME, "sender", sender);
    recipients = Wire.checkIds(NAME, "recipients", recipients);
    ciphertexts = Wire.checkBlobs(NAME, "ciphertexts", ciphertexts, recipients.length, CIPHERTEXT_BYTES);
    for (int r : recipients) {
      if (r == sender) {
        throw new IllegalArgumentException(NAME + ": field 'recipients' must not contain the sender " + sender);
      }
    }
  }

  public byte[] encode() {
    int n = recipients.length;
    ByteBuffer b = Wire.writer(4 + 4 + n * (4 + CIPHERTEXT_BYTES), Wire.ENCRYPTED_SHARES, round);
    b.putInt(sender);
    Wire.putIds(b, recipients);
    for (byte[] c : ciphertexts) {
      b.put(c);
    }
    return b.array();
  }

  public static EncryptedShares decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.ENCRYPTED_SHARES);
    long round = r.round();
    int sender = r.id("sender");
    int n = r.count("recipients", 4 + CIPHERTEXT_BYTES);
    int[] ids = r.ids("recipients", n);
    byte[][] c = new byte[n][];
    for (int i = 0; i < n; i++) {
      c[i] = r.bytes("ciphertexts", CIPHERTEXT_BYTES);
    }
    r.end();
    return new EncryptedShares(round, sender, ids, c);
  }
}
