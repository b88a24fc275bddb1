package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Survivor → server, phase 3 (Bonawitz et al., CCS 2017, Unmasking): this client's Shamir shares of the
 * mask private key of every dropped client ({@code keyShares}, by {@code keyOwners}) and of the self-mask
 * seed of every survivor ({@code seedShares}, by {@code seedOwners}), each list in increasing owner order.
 * Each share is a field element of GF(2^521 − 1), encoded in {@link Shamir#SHARE_BYTES} bytes.
 */
public record UnmaskResponse(long round, int clientId, int[] keyOwners, BigInteger[] keyShares, int[] seedOwners,
    BigInteger[] seedShares) {
  static final String NAME = "secagg UnmaskResponse";

  public UnmaskResponse {
    Wire.checkRound(NAME, round);
    Wire.checkId(NAME, "clientId", clientId);
    keyOwners = Wire.checkIds(NAME, "keyOwners", keyOwners);
    seedOwners = Wire.checkIds(NAME, "seedOwners", seedOwners);
    keyShares = checkShares("keyShares", keyShares, keyOwners.length);
    seedShares = checkShares("seedShares", seedShares, seedOwners.length);
  }

  private static BigInteger[] checkShares(String field, BigInteger[] shares, int count) {
    if (shares == null || shares.length != count) {
      throw new IllegalArgumentException(NAME + ": field '" + field + "' must hold " + count + " shares, got "
          + (shares == null ? "null" : shares.length));
    }
    for (int i = 0; i < count; i++) {
      if (shares[i] == null || shares[i].signum() < 0 || shares[i].compareTo(Shamir.PRIME) >= 0) {
        throw new IllegalArgumentException(NAME + ": field '" + field + "' entry " + i
            + " must be a field element in [0, 2^521-1)");
      }
    }
    return shares.clone();
  }

  public byte[] encode() {
    int n = keyOwners.length + seedOwners.length;
    ByteBuffer b = Wire.writer(4 + 8 + n * (4 + Shamir.SHARE_BYTES), Wire.UNMASK_RESPONSE, round);
    b.putInt(clientId);
    Wire.putIds(b, keyOwners);
    for (BigInteger s : keyShares) {
      b.put(Shamir.encode(s));
    }
    Wire.putIds(b, seedOwners);
    for (BigInteger s : seedShares) {
      b.put(Shamir.encode(s));
    }
    return b.array();
  }

  public static UnmaskResponse decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.UNMASK_RESPONSE);
    long round = r.round();
    int id = r.id("clientId");
    int nk = r.count("keyOwners", 4 + Shamir.SHARE_BYTES);
    int[] ko = r.ids("keyOwners", nk);
    BigInteger[] ks = new BigInteger[nk];
    for (int i = 0; i < nk; i++) {
      ks[i] = Shamir.decode(r.bytes("keyShares", Shamir.SHARE_BYTES), NAME + ": field 'keyShares' entry " + i);
    }
    int ns = r.count("seedOwners", 4 + Shamir.SHARE_BYTES);
    int[] so = r.ids("seedOwners", ns);
    BigInteger[] ss = new BigInteger[ns];
    for (int i = 0; i < ns; i++) {
      ss[i] = Shamir.decode(r.bytes("seedShares", Shamir.SHARE_BYTES), NAME + ": field 'seedShares' entry " + i);
    }
    r.end();
    return new UnmaskResponse(round, id, ko, ks, so, ss);
  }
}
