package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * Server → every survivor, phase 3 (Bonawitz et al., CCS 2017, Unmasking): the clients whose masked input
 * arrived (survivors, U3) and those that shared keys but sent no masked input (dropped, U2 \ U3). A client
 * answers with its shares of each dropped client's mask key and of each survivor's self-mask seed — never
 * both for the same client, which is what keeps every individual input hidden.
 */
public record UnmaskRequest(long round, int[] survivors, int[] dropped) {
  static final String NAME = "secagg UnmaskRequest";

  public UnmaskRequest {
    Wire.checkRound(NAME, round);
    survivors = Wire.checkIds(NAME, "survivors", survivors);
    dropped = Wire.checkIds(NAME, "dropped", dropped);
    for (int d : dropped) {
      if (java.util.Arrays.binarySearch(survivors, d) >= 0) {
        throw new IllegalArgumentException(NAME + ": client " + d + " is listed both in 'survivors' and 'dropped'");
      }
    }
  }

  public byte[] encode() {
    ByteBuffer b = Wire.writer(8 + 4 * (survivors.length + dropped.length), Wire.UNMASK_REQUEST, round);
    Wire.putIds(b, survivors);
    Wire.putIds(b, dropped);
    return b.array();
  }

  public static UnmaskRequest decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, NAME, Wire.UNMASK_REQUEST);
    long round = r.round();
    int[] s = r.ids("survivors", r.count("survivors", 4));
    int[] d = r.ids("dropped", r.count("dropped", 4));
    r.end();
    return new UnmaskRequest(round, s, d);
  }
}
