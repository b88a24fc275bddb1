package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Server → one client, end of phase 1 (Bonawitz et al., CCS 2017): the ciphertexts addressed to this
 * recipient by every other client that completed ShareKeys (the set U2), in increasing sender order. The
 * recipient masks its input against exactly these senders.
 */
public record ShareDelivery(long round, int recipient, int[] senders, byte[][] ciphertexts) {
  static final String NAME = "secagg ShareDelivery";

  public ShareDelivery {
    Wire.checkRound(NAME, round);
    Wire.checkId(NAME, "recipient", recipient);
    senders = Wire.checkIds(NAME, "senders", senders);
    ciphertexts = Wire.checkBlobs(NAME, "ciphertexts", ciphertexts, senders.length, ShareCipher.CIPHERTEXT_BYTES);
    for (int s : senders) {
      if (s == recipient) {
        throw new IllegalArgumentException(NAME + ": field 'senders' must not contain the recipient " + recipient);
      }
    }
  }

  public byte[] encode() {
    int n = senders.length;
    ByteBuffer b = Wire.writer(4 + 4 + n * (4 + ShareCipher.CIPHERTEXT_BYTES), Wire.SHARE_DELIVERY, round);
    b.putInt(recipient);
    Wire.putIds(b, senders);
    for (byte[] c : ciphertexts) {
      b.put(c);
    }
    return b.array();
  }

  public static ShareDelivery decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.SHARE_DELIVERY);
    long round = r.round();
    int recipient = r.id("recipient");
    int n = r.count("senders", 4 + ShareCipher.CIPHERTEXT_BYTES);
    int[] ids = r.ids("senders", n);
    byte[][] c = new byte[n][];
    for (int i = 0; i < n; i++) {
      c[i] = r.bytes("ciphertexts", ShareCipher.CIPHERTEXT_BYTES);
    }
    r.end();
    return new ShareDelivery(round, recipient, ids, c);
  }
}
