package org.probity.deploy.transport;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The chunk framing shared by every transfer too large for one gRPC message — model parameters
 * ({@link ParamsWire}) and long secure-aggregation replies ({@link BytesWire}): each chunk message
 * carries its index, its element count, a CRC32 of its bytes and the bytes; the sender folds all
 * bytes into one SHA-256 that its header announces. The {@link Receiver} checks order, counts
 * against the total announced in advance (so nothing beyond it is ever buffered), each CRC
 * ({@code DATA_LOSS}) and finally the SHA-256 ({@code DATA_LOSS}), and refuses anything else with
 * {@code INVALID_ARGUMENT}: end-to-end integrity on top of TLS.
 */
final class Chunks {
  /** Largest chunk payload: 1 MiB. */
  static final int MAX_CHUNK_BYTES = 1 << 20;

  private Chunks() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("chunks: SHA-256 is not available in this JVM", e);
    }
  }

  /** One chunk message of {@code type} holding {@code units} elements, the bytes {@code raw[off, off+len)}. */
  static byte[] encode(byte type, int index, int units, byte[] raw, int off, int len, MessageDigest sha) {
    sha.update(raw, off, len);
    CRC32 crc = new CRC32();
    crc.update(raw, off, len);
    return new Wire.Out(type).i32(index).i32(units).i32((int) crc.getValue()).raw(raw, off, len).toBytes();
  }

  /** Verifies the chunks of one transfer, in order, against the header's element total and digest. */
  static final class Receiver {
    private final byte type;
    private final String what;
    private final String unitField;
    private final int unitBytes;
    private final int chunkCount;
    private final long total;
    private final MessageDigest sha = sha256();
    private long received;
    private int next;

    /**
     * @param what the transfer's name in error messages ("params")
     * @param unitField the chunk's element-count field ("floats", "bytes")
     * @param unitBytes bytes per element
     */
    Receiver(byte type, String what, String unitField, int unitBytes, int chunkCount, long total) {
      this.type = type;
      this.what = what;
      this.unitField = unitField;
      this.unitBytes = unitBytes;
      this.chunkCount = chunkCount;
      this.total = total;
    }

    /** Elements received so far. */
    long received() {
      return received;
    }

    /** The checked payload bytes of the next chunk. */
    byte[] accept(byte[] b) {
      Wire.In in = new Wire.In(b, type, what + " chunk");
      int index = in.i32("index");
      int units = in.i32(unitField);
      int crc = in.i32("crc32");
      if (index != next) {
        throw Wire.invalid(what + ": chunk " + index + " arrived where chunk " + next + " was expected");
      }
      if (index >= chunkCount) {
        throw Wire.invalid(what + ": chunk " + index + " beyond the announced " + chunkCount);
      }
      if (units <= 0 || units > MAX_CHUNK_BYTES / unitBytes || received + units > total) {
        throw Wire.invalid(what + ": chunk " + index + " holds " + units + " " + unitField + "; " + (total - received)
            + " remain of " + total);
      }
      ByteBuffer data = in.slice(units * unitBytes, "values");
      in.end();
      byte[] raw = new byte[units * unitBytes];
      data.get(raw);
      CRC32 c = new CRC32();
      c.update(raw);
      if ((int) c.getValue() != crc) {
        throw Wire.dataLoss(what + ": chunk " + index + " fails its CRC32 (got 0x"
            + Integer.toHexString((int) c.getValue()) + ", announced 0x" + Integer.toHexString(crc) + ")");
      }
      sha.update(raw);
      received += units;
      next++;
      return raw;
    }

    /** Checks that every announced chunk arrived and the digest of all bytes matches {@code sha256}. */
    void finish(byte[] sha256) {
      if (next != chunkCount || received != total) {
        throw Wire.invalid(what + ": the transfer ended after " + next + " of " + chunkCount + " chunks (" + received
            + " of " + total + " " + unitField + ")");
      }
      if (!Arrays.equals(sha.digest(), sha256)) {
        throw Wire.dataLoss(what + ": SHA-256 of the " + total + " received " + unitField
            + " does not match the header");
      }
    }
  }
}
