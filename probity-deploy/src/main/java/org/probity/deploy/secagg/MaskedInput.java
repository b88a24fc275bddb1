package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Client → server, phase 2 (Bonawitz et al., CCS 2017, MaskedInputCollection): y_u = q(x_u) + PRG(b_u)
 * + Σ_{v&gt;u} m_uv − Σ_{v&lt;u} m_uv over Z_{2^32}, as 32-bit words. On its own it is indistinguishable
 * from uniform noise; only the sum over the survivors, once the server removes the masks, is meaningful.
 * The vector is copied in; do not modify it through the accessor.
 */
public record MaskedInput(long round, int clientId, int[] masked) {
  static final String NAME = "secagg MaskedInput";

  public MaskedInput {
    Wire.checkRound(NAME, round);
    Wire.checkId(NAME, "clientId", clientId);
    if (masked == null || masked.length == 0 || masked.length > SecAggConfig.MAX_VECTOR_LENGTH) {
      throw new IllegalArgumentException(NAME + ": field 'masked' must hold 1 to " + SecAggConfig.MAX_VECTOR_LENGTH
          + " words, got " + (masked == null ? "null" : masked.length));
    }
    masked = masked.clone();
  }

  /**
   * The length of the encoding of a masked vector of {@code words} words, so that a receiver can
   * bound what it buffers for one before any of it arrives.
   */
  public static long encodedBytes(int words) {
    return Wire.HEADER_BYTES + 4 + 4 + 4L * words;
  }

  public byte[] encode() {
    ByteBuffer b = Wire.writer(4 + 4 + 4 * masked.length, Wire.MASKED_INPUT, round);
    b.putInt(clientId).putInt(masked.length);
    b.asIntBuffer().put(masked);
    return b.array();
  }

  public static MaskedInput decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.MASKED_INPUT);
    long round = r.round();
    int id = r.id("clientId");
    int n = r.count("masked", 4);
    int[] y = r.ints("masked", n);
    r.end();
    return new MaskedInput(round, id, y);
  }
}
