package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Server → every client, end of phase 0 (Bonawitz et al., CCS 2017): the clients U1 that advertised keys,
 * in increasing id order, with both public keys of each. A client refuses a roster smaller than the
 * threshold, one without its own keys, or one with a repeated key.
 */
public record KeyRoster(long round, int[] clientIds, byte[][] encryptionKeys, byte[][] maskKeys) {
  static final String NAME = "secagg KeyRoster";

  public KeyRoster {
    Wire.checkRound(NAME, round);
    clientIds = Wire.checkIds(NAME, "clientIds", clientIds);
    encryptionKeys = Wire.checkBlobs(NAME, "encryptionKeys", encryptionKeys, clientIds.length, X25519.KEY_BYTES);
    maskKeys = Wire.checkBlobs(NAME, "maskKeys", maskKeys, clientIds.length, X25519.KEY_BYTES);
    for (int i = 0; i < clientIds.length; i++) {
      X25519.checkPublic(encryptionKeys[i], NAME + ": field 'encryptionKeys' entry " + i);
      X25519.checkPublic(maskKeys[i], NAME + ": field 'maskKeys' entry " + i);
    }
  }

  public byte[] encode() {
    int n = clientIds.length;
    ByteBuffer b = Wire.writer(4 + n * (4 + 2 * X25519.KEY_BYTES), Wire.KEY_ROSTER, round);
    Wire.putIds(b, clientIds);
    for (int i = 0; i < n; i++) {
      b.put(encryptionKeys[i]).put(maskKeys[i]);
    }
    return b.array();
  }

  public static KeyRoster decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.KEY_ROSTER);
    long round = r.round();
    int n = r.count("clientIds", 4 + 2 * X25519.KEY_BYTES);
    int[] ids = r.ids("clientIds", n);
    byte[][] c = new byte[n][];
    byte[][] s = new byte[n][];
    for (int i = 0; i < n; i++) {
      c[i] = r.bytes("encryptionKeys", X25519.KEY_BYTES);
      s[i] = r.bytes("maskKeys", X25519.KEY_BYTES);
    }
    r.end();
    return new KeyRoster(round, ids, c, s);
  }
}
