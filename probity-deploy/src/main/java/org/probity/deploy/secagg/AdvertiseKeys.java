package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Client → server, phase 0 of secure aggregation (Bonawitz et al., CCS 2017, AdvertiseKeys): the client's
 * two ephemeral X25519 public keys, c_pk for encrypting shares and s_pk for agreeing pairwise masks (two
 * keys, as in the paper, so that reconstructing a dropped client's mask key does not also open the shares
 * it sent). Keys are 32-byte little-endian u-coordinates. Arrays are copied in and must not be modified
 * through the accessors.
 */
public record AdvertiseKeys(long round, int clientId, byte[] encryptionKey, byte[] maskKey) {
  static final String NAME = "secagg AdvertiseKeys";

  public AdvertiseKeys {
    Wire.checkRound(NAME, round);
    Wire.checkId(NAME, "clientId", clientId);
    X25519.checkPublic(encryptionKey, NAME + ": field 'encryptionKey'");
    X25519.checkPublic(maskKey, NAME + ": field 'maskKey'");
    encryptionKey = encryptionKey.clone();
    maskKey = maskKey.clone();
  }

  public byte[] encode() {
    ByteBuffer b = Wire.writer(4 + 2 * X25519.KEY_BYTES, Wire.ADVERTISE_KEYS, round);
    b.putInt(clientId).put(encryptionKey).put(maskKey);
    return b.array();
  }

  public static AdvertiseKeys decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.ADVERTISE_KEYS);
    long round = r.round();
    int id = r.id("clientId");
    byte[] c = r.bytes("encryptionKey", X25519.KEY_BYTES);
    byte[] s = r.bytes("maskKey", X25519.KEY_BYTES);
    r.end();
    return new AdvertiseKeys(round, id, c, s);
  }
}
