package org.probity.deploy.transport;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An opaque byte payload on the wire as a header and bounded chunks, for a message that may exceed
 * gRPC's size limit — a site's masked input in secure aggregation (Bonawitz et al., CCS 2017) is
 * 4(d+1) bytes for a model of d parameters, over 2 MiB past about 500k parameters. The same design as
 * {@link ParamsWire}, sharing its chunk framing ({@link Chunks}): the header gives the total byte
 * count, the chunk count and the SHA-256 of the payload; each chunk its index, byte count and CRC32.
 * The {@link Assembler} is given the most bytes its receiver accepts and refuses a header announcing
 * more before allocating anything, so a hostile sender cannot make it buffer more than that.
 */
final class BytesWire {
  /** Wire type of a payload header (14-16 are the task failure and the secure-aggregation steps). */
  static final byte HEADER = 17;
  /** Wire type of a payload chunk. */
  static final byte CHUNK = 18;

  private BytesWire() {}

  /** A payload ready to send: the header message and the chunk messages, in order. */
  record Encoded(byte[] header, List<byte[]> chunks) {}

  static Encoded encode(byte[] payload, int chunkBytes) {
    if (chunkBytes < 1 || chunkBytes > Chunks.MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("bytes wire: chunk size " + chunkBytes + " must be in [1, "
          + Chunks.MAX_CHUNK_BYTES + "]");
    }
    if (payload.length == 0) {
      throw new IllegalArgumentException("bytes wire: an empty payload is not chunked");
    }
    MessageDigest sha = Chunks.sha256();
    List<byte[]> chunks = new ArrayList<>();
    for (int off = 0; off < payload.length; off += chunkBytes) {
      int len = Math.min(chunkBytes, payload.length - off);
      chunks.add(Chunks.encode(CHUNK, chunks.size(), len, payload, off, len, sha));
    }
    byte[] header = new Wire.Out(HEADER).i64(payload.length).i32(chunks.size()).raw(sha.digest(), 0, 32).toBytes();
    return new Encoded(header, List.copyOf(chunks));
  }

  /**
   * Receives one payload: the header, then the chunks in order, then {@link #finish}. Every method
   * throws a gRPC status exception at the first inconsistency.
   */
  static final class Assembler {
    private final String what;
    private final long minBytes;
    private final long maxBytes;
    private byte[] payload;
    private byte[] sha256;
    private Chunks.Receiver chunks;

    /**
     * @param what the payload's name in error messages
     * @param minBytes the fewest bytes accepted (at least 1)
     * @param maxBytes the most bytes accepted (for a masked input both are its expected length)
     */
    Assembler(String what, long minBytes, long maxBytes) {
      if (minBytes < 1 || maxBytes < minBytes || maxBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("bytes wire: cannot accept " + minBytes + " to " + maxBytes + " bytes");
      }
      this.what = what;
      this.minBytes = minBytes;
      this.maxBytes = maxBytes;
    }

    boolean hasHeader() {
      return payload != null;
    }

    void header(byte[] b) {
      if (payload != null) {
        throw Wire.invalid(what + ": a second header arrived");
      }
      Wire.In in = new Wire.In(b, HEADER, what + " header");
      long total = in.i64("totalBytes");
      int chunkCount = in.i32("chunkCount");
      java.nio.ByteBuffer d = in.slice(32, "sha256");
      in.end();
      if (total < minBytes || total > maxBytes) {
        throw Wire.invalid(what + ": the header announces " + total + " bytes; this receiver accepts "
            + (minBytes == maxBytes ? "exactly " + maxBytes : minBytes + " to " + maxBytes));
      }
      if (chunkCount < 1 || chunkCount > total) {
        throw Wire.invalid(what + ": " + chunkCount + " chunks for " + total + " bytes");
      }
      sha256 = new byte[32];
      d.get(sha256);
      payload = new byte[(int) total];
      chunks = new Chunks.Receiver(CHUNK, what, "bytes", 1, chunkCount, total);
    }

    void chunk(byte[] b) {
      if (payload == null) {
        throw Wire.invalid(what + ": a chunk arrived before the header");
      }
      int offset = (int) chunks.received();
      byte[] raw = chunks.accept(b);
      System.arraycopy(raw, 0, payload, offset, raw.length);
    }

    byte[] finish() {
      if (payload == null) {
        throw Wire.invalid(what + ": the transfer ended before the header");
      }
      chunks.finish(sha256);
      return payload;
    }
  }
}
